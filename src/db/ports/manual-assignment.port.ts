import type { AssignmentRecord } from '../../core/assignment-record.js';
import type { AssignmentState, StaleReason } from '../../core/manual-assignment.js';

export type { AssignmentRecord } from '../../core/assignment-record.js';

/** Schools chosen by hand for single teachers. */
export interface ManualAssignmentStore {
  list(filter?: { state?: AssignmentState }): Promise<AssignmentRecord[]>;
  byTeacherIds(teacherIds: readonly string[]): Promise<Map<string, AssignmentRecord>>;
  /** Records new assignments, replacing any earlier one of the same teacher. */
  replace(records: readonly AssignmentRecord[]): Promise<void>;
  remove(teacherIds: readonly string[]): Promise<void>;
  /** Marks assignments that stopped holding; one already stale keeps the reason it was first given. */
  markStale(items: readonly { teacherId: string; reason: StaleReason }[], atMs: number): Promise<void>;
}
