import type { ProblemCode } from './types.js';

/** A problem a run found with one record or account, as it is stored and reported. */
export interface ProblemRecord {
  runId: number;
  /** Null for an account that matches no teacher, or a record whose teacherId cannot be kept. */
  teacherId: string | null;
  code: ProblemCode;
  detail: string;
  institutionCode: string | null;
  countyCode: string | null;
}
