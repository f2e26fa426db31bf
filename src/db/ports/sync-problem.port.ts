import type { ProblemRecord } from '../../core/run-problem.js';
import type { ProblemCode } from '../../core/types.js';

export type { ProblemRecord } from '../../core/run-problem.js';

/** Per-record problems of each run. */
export interface SyncProblemStore {
  insert(problems: readonly ProblemRecord[]): Promise<void>;
  /** Problems of a run's teachers with a code, when what they said no longer holds. */
  deleteFor(runId: number, teacherIds: readonly string[], code: ProblemCode): Promise<void>;
  /** Copies the problems with these codes from one run to another; returns how many. */
  carry(fromRunId: number, toRunId: number, codes: readonly ProblemCode[]): Promise<number>;
  /** Drops a run's problems with these codes for these teachers. */
  deleteForTeachers(runId: number, teacherIds: readonly string[], codes: readonly ProblemCode[]): Promise<void>;
  countsByCode(runId: number): Promise<Record<string, number>>;
  /** What a run said of these teachers. */
  forTeachers(runId: number, teacherIds: readonly string[]): Promise<ProblemRecord[]>;
  forRun(runId: number, limit?: number): Promise<ProblemRecord[]>;
}
