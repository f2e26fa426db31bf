import type { Generated } from 'kysely';

/** Append-only: rows are inserted, never updated or deleted. */
export interface AuditLogTable {
  id: Generated<number>;
  at_ms: number;
  actor: string;
  action: string;
  teacher_id: string | null;
  /** JSON of the state before and after the change. */
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  /** cli | sync */
  source: string;
}
