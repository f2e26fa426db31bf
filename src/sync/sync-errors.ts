import { CodedError } from '../core/errors.js';
import type { LockHolder } from '../db/ports/sync-lock.port.js';

export { coerceError } from '../core/errors.js';

/** A second sync against the same database. Exit code 1, naming the one that runs. */
export class SyncAlreadyRunningError extends CodedError<'SYNC_ALREADY_RUNNING'> {
  constructor(readonly holder: LockHolder) {
    super(
      'SYNC_ALREADY_RUNNING',
      `another sync is running: ${holder.runId === null ? 'a dry run' : `run ${holder.runId}`} on host ${holder.host} (pid ${holder.pid}), ` +
        `started ${new Date(holder.acquiredAtMs).toISOString()}, last heartbeat ${new Date(holder.heartbeatAtMs).toISOString()}`,
    );
    this.name = 'SyncAlreadyRunningError';
  }
}

/** The lock was taken over while this run held it (its heartbeat went stale): stop before doing harm. */
export class SyncLockLostError extends CodedError<'SYNC_LOCK_LOST'> {
  constructor() {
    super('SYNC_LOCK_LOST', 'the sync lock was taken over by another process; this run stopped');
    this.name = 'SyncLockLostError';
  }
}

/** Too many pushes failed in a row: the platform is down, so the run stops and the next one resumes. */
export class PushAbortedError extends CodedError<'PUSH_ABORTED'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PUSH_ABORTED', message, options);
  }
}

/**
 * A source listed much less than before (an empty or cut-short full pull, a registry missing many
 * codes): the run stops before it changes anything, and says why.
 */
export class UpstreamHaltError extends CodedError<'UPSTREAM_SHRANK'> {
  constructor(readonly reason: string) {
    super('UPSTREAM_SHRANK', `source check: ${reason}`);
    this.name = 'UpstreamHaltError';
  }
}
