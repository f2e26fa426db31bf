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
