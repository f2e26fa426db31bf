import type { Repositories } from '../db/repositories.js';
import type { LockHolder } from '../db/repositories/sync-lock.repository.js';
import { SyncAlreadyRunningError, SyncLockLostError } from './sync-errors.js';

const LOCK_NAME = 'sync';

export interface HeldLock {
  holder: string;
  /** Records the run id once the run row exists. */
  setRun(runId: number): void;
  /** Aborted when the lock is lost, so the run stops. */
  signal: AbortSignal;
  /** Whether the previous holder was found dead and replaced. */
  tookOver: LockHolder | null;
  release(): Promise<void>;
}

/**
 * Exclusive right to sync one database. A holder that died is replaced at once when it was on this
 * host (its pid is gone) and after `staleMs` without a heartbeat otherwise.
 */
export async function acquireRunLock(input: {
  repos: Repositories;
  host: string;
  pid: number;
  clock: () => number;
  heartbeatMs: number;
  staleMs: number;
  isProcessAlive: (pid: number) => boolean;
  onHeartbeatError?: (e: unknown) => void;
}): Promise<HeldLock> {
  const { repos, host, pid, clock } = input;
  await repos.locks.ensureRow(LOCK_NAME);
  const now = clock();
  const holder = `${host}:${pid}:${now}`;
  const me: LockHolder = { holder, runId: null, host, pid, acquiredAtMs: now, heartbeatAtMs: now };
  const current = await repos.locks.current(LOCK_NAME);
  let tookOver: LockHolder | null = null;
  if (current !== null) {
    const deadHere = current.host === host && current.pid !== pid && !input.isProcessAlive(current.pid);
    const stale = now - current.heartbeatAtMs > input.staleMs;
    if (!deadHere && !stale) throw new SyncAlreadyRunningError(current);
    tookOver = current;
  }
  if (!(await repos.locks.take(LOCK_NAME, me, current?.holder ?? null))) {
    const winner = await repos.locks.current(LOCK_NAME);
    throw new SyncAlreadyRunningError(winner ?? me);
  }

  const controller = new AbortController();
  let runId: number | null = null;
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    repos.locks
      .heartbeat(LOCK_NAME, holder, clock(), runId)
      .then((ok) => {
        if (!ok) controller.abort(new SyncLockLostError());
      })
      .catch((e: unknown) => input.onHeartbeatError?.(e))
      .finally(() => {
        beating = false;
      });
  }, input.heartbeatMs);
  timer.unref();

  return {
    holder,
    signal: controller.signal,
    tookOver,
    setRun(id) {
      runId = id;
      void repos.locks.heartbeat(LOCK_NAME, holder, clock(), id).catch((e: unknown) => input.onHeartbeatError?.(e));
    },
    async release() {
      clearInterval(timer);
      await repos.locks.release(LOCK_NAME, holder);
    },
  };
}
