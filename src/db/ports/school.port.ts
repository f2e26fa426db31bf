import type { TargetSchool } from '../../core/types.js';

/** Schools of the student-record platform as last pulled. */
export interface SchoolStore {
  upsert(rows: readonly TargetSchool[], runId: number): Promise<void>;
  /** Marks inactive the schools the run `runId` did not list; how many. */
  deactivateUnseen(runId: number): Promise<number>;
  /** How many schools the last pull listed. */
  countLastListed(): Promise<number>;
  all(): Promise<TargetSchool[]>;
  byIds(schoolIds: readonly string[]): Promise<Map<string, TargetSchool>>;
  forCode(institutionCode: string): Promise<TargetSchool[]>;
  /** The schools by institution code (学校标识码). */
  byCode(): Promise<Map<string, TargetSchool[]>>;
}
