import { causeOf, errorCodeOf, isRetryable } from './errors.js';

/**
 * Why a run did not simply succeed, in one word a script can match on (the `failure` of the JSON
 * summary); the exit code is chosen from it.
 *
 * - `refused`: the run finished; the platform answered for some accounts and refused them (404, 409,
 *   422), or a change could not be sent at all (its stored record unreadable).
 * - `platform-unavailable`: a platform did not answer usably after every retry (5xx, 429, timeouts,
 *   refused connections, names that did not resolve): a pull that failed, batches of the push left
 *   unsent, a push stopped after batches failed in a row. Nothing is lost: the next run sends them.
 * - `safety-limit`, `source-check`: the run stopped itself (status `stopped`, `halted`).
 * - `database-unavailable`: the database stopped answering during the run.
 * - `error`: anything else that ended the run (the sync lock lost, a fault of the program).
 */
export type RunFailure = 'refused' | 'platform-unavailable' | 'safety-limit' | 'source-check' | 'database-unavailable' | 'error';

/** The failed changes of a run: refused by the platform, or never answered by it. */
export interface FailedSplit {
  refused: number;
  unavailable: number;
}

/**
 * Codes that mean "the platform did not answer after every retry": those of a call that failed for
 * good, a batch left unsent, a push stopped after failed batches, a push job that failed for good.
 */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  'PLATFORM_5XX', 'PLATFORM_RATE_LIMITED', 'PLATFORM_TIMEOUT', 'PLATFORM_NETWORK', 'PUSH_ABORTED', 'PUSH_JOB_FAILED',
]);

export function isUnavailableCode(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && UNAVAILABLE_CODES.has(code);
}

/**
 * Splits a run's failed changes by how they failed. A change the platform answered for (an HTTP
 * status of its own) was refused; one with no answer and an unavailable code was never answered.
 */
export function splitFailed(rows: readonly { status: number | null; code: string | null; n: number }[]): FailedSplit {
  const split: FailedSplit = { refused: 0, unavailable: 0 };
  for (const r of rows) {
    if (r.status === null && isUnavailableCode(r.code)) split.unavailable += r.n;
    else split.refused += r.n;
  }
  return split;
}

export interface RunOutcome {
  status: 'running' | 'succeeded' | 'partial' | 'stopped' | 'halted' | 'failed' | 'aborted' | 'planned';
  failedBy: FailedSplit;
  /** The stable code of the error that ended a failed run (`PLATFORM_5XX`, `DATABASE_UNREACHABLE`, …). */
  errorCode: string | null;
}

/** The failure a run's outcome names, or null for a run that did all it meant to. */
export function runFailure(o: RunOutcome): RunFailure | null {
  switch (o.status) {
    case 'succeeded':
    case 'planned':
      return null;
    case 'stopped':
      return 'safety-limit';
    case 'halted':
      return 'source-check';
    case 'partial':
      return o.failedBy.unavailable > 0 ? 'platform-unavailable' : 'refused';
    case 'failed':
      // A queued run whose push jobs all failed has no single error code: its unsent changes say why.
      if (isUnavailableCode(o.errorCode) || (o.errorCode === null && o.failedBy.unavailable > 0)) return 'platform-unavailable';
      return o.errorCode === 'DATABASE_UNREACHABLE' ? 'database-unavailable' : 'error';
    case 'running':
    case 'aborted':
      return 'error';
  }
}

/**
 * The stable code a run's failure is judged by. A database that went away is expected to be named
 * already (`DATABASE_UNREACHABLE`, as the run's lifecycle names it); for a push stopped after failed batches it
 * is the code of the batches' error; a platform error that no retry could cure (bad credentials, an
 * untrusted certificate) is none, as is an error without a code.
 */
export function failureCodeOf(e: unknown): string | null {
  const code = errorCodeOf(e);
  if (code === 'PUSH_ABORTED') return failureCodeOf(causeOf(e));
  if (code === null || !isRetryable(e)) return null;
  return code;
}
