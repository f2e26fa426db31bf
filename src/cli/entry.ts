import { coerceError } from '../core/errors.js';
import { exitCodeOfError } from './exit-codes.js';
import { processIo } from './io.js';
import { runCli } from './main.js';

const io = processIo();
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    io.err(`teacher-sync: ${coerceError(e).message}`);
    process.exitCode = exitCodeOfError(e);
  },
);
