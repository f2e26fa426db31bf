import { createInterface } from 'node:readline/promises';
import { processEnvironment } from '../config/environment.js';

/** What a command reads and writes besides the database: passed in so tests can drive commands. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  out(line: string): void;
  err(line: string): void;
  stderr: NodeJS.WriteStream;
  isTty: boolean;
  setExitCode(code: number): void;
  /** Asks the person at the terminal and returns the answer; absent when stdin is not a terminal. */
  ask?: (question: string) => Promise<string>;
}

async function askAtTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
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
    ...(process.stdin.isTTY ? { ask: askAtTerminal } : {}),
  };
}
