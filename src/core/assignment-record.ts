import type { ManualAssignment, StaleReason } from './manual-assignment.js';

/** A manual assignment as recorded: who made it, when and why, and why it went stale. */
export interface AssignmentRecord extends ManualAssignment {
  reason: string;
  assignedBy: string;
  createdAtMs: number;
  staleReason: StaleReason | null;
  staleAtMs: number | null;
}
