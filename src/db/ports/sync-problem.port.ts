import type { SyncProblemRepository } from '../repositories/sync-problem.repository.js';

/** What the sync may ask of the stored sync problem records. */
export type SyncProblemStore = SyncProblemRepository;
