import type { AreaScope } from '../../core/area-scope.js';
import type { MismatchFinding } from '../../core/mismatch-finding.js';

/** The name/code findings of each run. */
export interface FindingStore {
  insert(runId: number, findings: readonly MismatchFinding[]): Promise<void>;
  /** Copies a run's findings to a later run that did not look again; how many. */
  carry(fromRunId: number, toRunId: number): Promise<number>;
  countsByKind(runId: number): Promise<Record<string, number>>;
  /** A run's findings in the order they were stored: all, one county's, or those stored under an area's codes. */
  forRun(runId: number, area?: string | AreaScope): Promise<MismatchFinding[]>;
}
