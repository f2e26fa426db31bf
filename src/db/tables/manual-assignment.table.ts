export interface ManualAssignmentTable {
  teacher_id: string;
  school_id: string;
  /** The teacher's institution code when the assignment was made. */
  institution_code: string;
  reason: string;
  assigned_by: string;
  created_at_ms: number;
  /** active | stale */
  state: string;
  /** stale-code-changed | stale-school-gone; null while active. */
  stale_reason: string | null;
  stale_at_ms: number | null;
}
