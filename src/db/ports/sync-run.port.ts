import type { SyncRunRepository } from '../repositories/sync-run.repository.js';

/** What the sync may ask of the stored sync run records. */
export type SyncRunStore = SyncRunRepository;
