import type { SyncLockRepository } from '../repositories/sync-lock.repository.js';

/** What the sync may ask of the stored sync lock records. */
export type SyncLockStore = SyncLockRepository;
