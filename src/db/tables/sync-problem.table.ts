import type { Generated } from 'kysely';

export interface SyncProblemTable {
  id: Generated<number>;
  run_id: number;
  teacher_id: string | null;
  code: string;
  detail: string;
  institution_code: string | null;
  county_code: string | null;
}
