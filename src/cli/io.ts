import { processEnvironment } from '../config/environment.js';

/** What a command reads and writes besides the database: passed in so tests can drive commands. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  out(line: string): void;
  err(line: string): void;
  stderr: NodeJS.WriteStream;
  isTty: boolean;
  setExitCode(code: number): void;
}

export function processIo(): CliIo {
  return {
    env: processEnvironment(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stderr: process.stderr,
    isTty: Boolean(process.stderr.isTTY),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}
