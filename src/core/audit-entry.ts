export type AuditAction = 'assign' | 'undo' | 'stale';
/** cli: an operator at the command line; web: a signed-in user of the console; sync: a rule of a run; platform: a person on the student-record platform, found by reconciliation. */
export type AuditSource = 'cli' | 'web' | 'sync' | 'platform';

/** Where a teacher's account is (or goes) and the assignment that decides it, before or after a change. */
export interface PlacementState {
  schoolId: string | null;
  assignment: { schoolId: string; institutionCode: string; state: string; staleReason?: string | null } | null;
}

/** One entry of the audit trail of placements. */
export interface AuditEntry {
  atMs: number;
  actor: string;
  action: AuditAction;
  teacherId: string | null;
  before: PlacementState | null;
  after: PlacementState | null;
  reason: string | null;
  source: AuditSource;
}
