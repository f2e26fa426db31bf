import type { SyncCursorRepository } from '../repositories/sync-cursor.repository.js';

/** What the sync may ask of the stored sync cursor records. */
export type SyncCursorStore = SyncCursorRepository;
