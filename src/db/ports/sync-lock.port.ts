/** Who holds a lock: a process (or a queued run's shared holder), and since when. */
export interface LockHolder {
  holder: string;
  runId: number | null;
  host: string;
  pid: number;
  acquiredAtMs: number;
  heartbeatAtMs: number;
}

/** Named locks, taken and refreshed by a conditional update so that two takers cannot both win. */
export interface SyncLockStore {
  current(name: string): Promise<LockHolder | null>;
  /** Makes sure the lock's row exists, free. */
  ensureRow(name: string): Promise<void>;
  /** Takes the lock when `expectedHolder` (null: nobody) still has it; false when another won. */
  take(name: string, me: LockHolder, expectedHolder: string | null): Promise<boolean>;
  /** Refreshes the holder's heartbeat; false when it no longer holds the lock. */
  heartbeat(name: string, holder: string, atMs: number, runId: number | null): Promise<boolean>;
  /** Frees the lock if this holder has it. */
  release(name: string, holder: string): Promise<void>;
}
