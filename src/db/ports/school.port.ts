import type { TargetSchool } from '../../core/types.js';

/** Schools of the student-record platform as last pulled. */
export interface SchoolStore {
  /** Writes these schools as listed by the run `runId` (new or changed ones: see core/listing-diff). */
  upsert(rows: readonly TargetSchool[], runId: number): Promise<void>;
  /** Marks these schools, no longer listed, inactive and not listed; how many were active. */
  markUnlisted(schoolIds: readonly string[]): Promise<number>;
  /** How many schools the last pull listed. */
  countLastListed(): Promise<number>;
  /** Every stored school, and whether the last pull listed it. */
  listing(): Promise<{ school: TargetSchool; listed: boolean }[]>;
  all(): Promise<TargetSchool[]>;
  byIds(schoolIds: readonly string[]): Promise<Map<string, TargetSchool>>;
  forCode(institutionCode: string): Promise<TargetSchool[]>;
  /** The schools by institution code (学校标识码). */
  byCode(): Promise<Map<string, TargetSchool[]>>;
}
