import type { Repositories } from '../db/port.js';
import type { LockHolder } from '../db/ports/sync-lock.port.js';
import { SyncAlreadyRunningError, SyncLockLostError } from './sync-errors.js';

const LOCK_NAME = 'sync';

/**
 * Holders of a run that several processes work on (a queued run) start with this. Such a holder
 * outlives the process that took the lock, so a dead pid says nothing about it: only a stale
 * heartbeat lets another sync take over.
 */
const SHARED_HOLDER_PREFIX = 'queue:';

export function sharedLockHolder(key: string): string {
  return `${SHARED_HOLDER_PREFIX}${key}`;
}

function isShared(holder: string): boolean {
  return holder.startsWith(SHARED_HOLDER_PREFIX);
}

export interface HeldLock {
  holder: string;
  /** Records the run id once the run row exists. */
  setRun(runId: number): void;
  /** Aborted when the lock is lost, so the run stops. */
  signal: AbortSignal;
  /** Whether the previous holder was found dead and replaced (or, for a shared holder, was this holder itself). */
  tookOver: LockHolder | null;
  release(): Promise<void>;
  /** Stops refreshing the lock but keeps it: the other processes of a shared holder refresh it from here on. */
  detach(): void;
}

interface Heartbeat {
  signal: AbortSignal;
  setRun(runId: number): void;
  stop(): void;
}

function startHeartbeat(input: {
  repos: Repositories; holder: string; runId: number | null; clock: () => number; heartbeatMs: number; onHeartbeatError?: (e: unknown) => void;
}): Heartbeat {
  const { repos, holder, clock } = input;
  const controller = new AbortController();
  let runId = input.runId;
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
    signal: controller.signal,
    setRun(id) {
      runId = id;
      void repos.locks.heartbeat(LOCK_NAME, holder, clock(), id).catch((e: unknown) => input.onHeartbeatError?.(e));
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * Exclusive right to sync one database. A holder that died is replaced at once when it was on this
 * host (its pid is gone) and after `staleMs` without a heartbeat otherwise. With `holder` (a shared
 * holder from `sharedLockHolder`) the lock is taken under that name, and taken again by it at once
 * when it already holds it: a queued run's step that was restarted after its worker died.
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
  holder?: string;
}): Promise<HeldLock> {
  const { repos, host, pid, clock } = input;
  await repos.locks.ensureRow(LOCK_NAME);
  const now = clock();
  const holder = input.holder ?? `${host}:${pid}:${now}`;
  const me: LockHolder = { holder, runId: null, host, pid, acquiredAtMs: now, heartbeatAtMs: now };
  const current = await repos.locks.current(LOCK_NAME);
  let tookOver: LockHolder | null = null;
  if (current !== null) {
    const ownShared = input.holder !== undefined && current.holder === input.holder;
    const deadHere = !isShared(current.holder) && current.host === host && current.pid !== pid && !input.isProcessAlive(current.pid);
    const stale = now - current.heartbeatAtMs > input.staleMs;
    if (!ownShared && !deadHere && !stale) throw new SyncAlreadyRunningError(current);
    tookOver = current;
  }
  if (!(await repos.locks.take(LOCK_NAME, me, current?.holder ?? null))) {
    const winner = await repos.locks.current(LOCK_NAME);
    throw new SyncAlreadyRunningError(winner ?? me);
  }

  const beat = startHeartbeat({ repos, holder, runId: null, clock, heartbeatMs: input.heartbeatMs, ...(input.onHeartbeatError ? { onHeartbeatError: input.onHeartbeatError } : {}) });
  return {
    holder,
    signal: beat.signal,
    tookOver,
    setRun: (id) => beat.setRun(id),
    detach: () => beat.stop(),
    async release() {
      beat.stop();
      await repos.locks.release(LOCK_NAME, holder);
    },
  };
}

/**
 * Joins the lock a shared holder already has: refreshes it from this process while the caller
 * works (a push slice of a queued run). Throws SyncLockLostError when the holder no longer has it.
 */
export async function keepRunLock(input: {
  repos: Repositories;
  holder: string;
  runId: number;
  clock: () => number;
  heartbeatMs: number;
  onHeartbeatError?: (e: unknown) => void;
}): Promise<{ signal: AbortSignal; stop(): void }> {
  if (!(await input.repos.locks.heartbeat(LOCK_NAME, input.holder, input.clock(), input.runId))) throw new SyncLockLostError();
  const beat = startHeartbeat(input);
  return { signal: beat.signal, stop: () => beat.stop() };
}

/** Releases the lock of a shared holder; nothing happens when that holder no longer has it. */
export async function releaseRunLock(repos: Repositories, holder: string): Promise<void> {
  await repos.locks.release(LOCK_NAME, holder);
}
