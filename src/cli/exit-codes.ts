import { CommanderError } from 'commander';
import { CodedError, errorCodeOf } from '../core/errors.js';
import type { RunFailure } from '../core/run-failure.js';

/** The process exit codes, each documented in the README and docs/operations.md. */
export const EXIT = {
  /** Done (a dry run: planned). */
  ok: 0,
  /** Failed: the database, the sync lock, a refused login or certificate, a fault of the program. */
  failed: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** Done, but the platform refused some accounts one by one (404, 409, 422) or one could not be sent. */
  refused: 3,
  /** Stopped by the safety limit, or halted by the source check. */
  stopped: 4,
  /** A platform did not answer after every retry (5xx, 429, timeouts, network, DNS): what was not sent is sent by the next run. */
  platformUnavailable: 5,
} as const;

/** The exit code of a run that ended with this failure (null: none). */
export function exitCodeFor(failure: RunFailure | null): number {
  switch (failure) {
    case null:
      return EXIT.ok;
    case 'refused':
      return EXIT.refused;
    case 'safety-limit':
    case 'source-check':
      return EXIT.stopped;
    case 'platform-unavailable':
      return EXIT.platformUnavailable;
    case 'database-unavailable':
    case 'error':
      return EXIT.failed;
  }
}

/** The exit code of a sync, queued run or reconciliation, from the failure its summary names. */
export function exitCodeOf(summary: { failure: RunFailure | null }): number {
  return exitCodeFor(summary.failure);
}

/** An error a command reports in one line, with the exit code it implies. */
export class CliError extends CodedError<'CLI_FAILED'> {
  constructor(message: string, readonly exitCode: number = EXIT.failed) {
    super('CLI_FAILED', message);
    this.name = 'CliError';
  }
}

/** Commander's ways of ending that are not errors: the help or the version was asked for. */
const COMMANDER_DONE: ReadonlySet<string> = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/**
 * The exit code of a command that ended with this error: the one a CliError names, 2 for bad
 * usage or a configuration that is not valid, 1 for anything else (another sync holds the lock, the
 * database is gone, a fault of the program).
 */
export function exitCodeOfError(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof CommanderError) return COMMANDER_DONE.has(e.code) ? EXIT.ok : EXIT.usage;
  return errorCodeOf(e) === 'CONFIG_INVALID' ? EXIT.usage : EXIT.failed;
}
