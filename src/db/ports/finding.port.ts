import type { FindingRepository } from '../repositories/finding.repository.js';

/** What the sync may ask of the stored finding records. */
export type FindingStore = FindingRepository;
