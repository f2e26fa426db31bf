import { isUnreachable } from '../db/database.js';
import type { LockHolder } from '../db/repositories/sync-lock.repository.js';

/** A second sync against the same database. Exit code 1, naming the one that runs. */
export class SyncAlreadyRunningError extends Error {
  readonly code = 'SYNC_ALREADY_RUNNING';
  constructor(readonly holder: LockHolder) {
    super(
      `another sync is running: ${holder.runId === null ? 'a dry run' : `run ${holder.runId}`} on host ${holder.host} (pid ${holder.pid}), ` +
        `started ${new Date(holder.acquiredAtMs).toISOString()}, last heartbeat ${new Date(holder.heartbeatAtMs).toISOString()}`,
    );
    this.name = 'SyncAlreadyRunningError';
  }
}

/** The lock was taken over while this run held it (its heartbeat went stale): stop before doing harm. */
export class SyncLockLostError extends Error {
  readonly code = 'SYNC_LOCK_LOST';
  constructor() {
    super('the sync lock was taken over by another process; this run stopped');
    this.name = 'SyncLockLostError';
  }
}

/** Too many pushes failed in a row: the platform is down, so the run stops and the next one resumes. */
export class PushAbortedError extends Error {
  readonly code = 'PUSH_ABORTED';
}

/**
 * A source listed much less than before (an empty or cut-short full pull, a registry missing many
 * codes): the run stops before it changes anything, and says why.
 */
export class UpstreamHaltError extends Error {
  readonly code = 'UPSTREAM_SHRANK';
  constructor(readonly reason: string) {
    super(`source check: ${reason}`);
    this.name = 'UpstreamHaltError';
  }
}

export function coerceError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(typeof e === 'string' ? e : JSON.stringify(e));
}

/**
 * The stable code a run's failure is judged by: `DATABASE_UNREACHABLE` for a database that went away;
 * for a push stopped after failed batches, the code of the batches' error; a platform error that no
 * retry could cure (bad credentials, an untrusted certificate) is none, as is an error without a code.
 */
export function failureCodeOf(e: unknown): string | null {
  if (isUnreachable(e)) return 'DATABASE_UNREACHABLE';
  const x = e as { code?: unknown; retryable?: unknown; cause?: unknown } | null;
  if (x?.code === 'PUSH_ABORTED') return failureCodeOf(x.cause);
  if (typeof x?.code !== 'string' || x.retryable === false) return null;
  return x.code;
}
