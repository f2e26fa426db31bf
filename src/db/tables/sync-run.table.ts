import type { Generated } from 'kysely';

export interface SyncRunTable {
  id: Generated<number>;
  mode: string;
  status: string;
  phase: string;
  host: string;
  pid: number;
  started_at_ms: number;
  finished_at_ms: number | null;
  pulled: Generated<number>;
  quarantined: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  moved: Generated<number>;
  disabled: Generated<number>;
  unchanged: Generated<number>;
  failed: Generated<number>;
  held: Generated<number>;
  safety_reason: string | null;
  error: string | null;
  /** Counts of the run's reconciliation as JSON; null when it had none. */
  reconcile_json: string | null;
  /** What the run's plan was made from and whom it covered (see plan-scope.ts); null before one was made. */
  plan_json: Generated<string | null>;
}
