import type { ManualAssignmentRepository } from '../repositories/manual-assignment.repository.js';

/** What the sync may ask of the stored manual assignment records. */
export type ManualAssignmentStore = ManualAssignmentRepository;
