import type { MismatchFinding } from '../../core/mismatch-finding.js';

/** The name/code findings of each run. */
export interface FindingStore {
  insert(runId: number, findings: readonly MismatchFinding[]): Promise<void>;
  /** Copies a run's findings to a later run that did not look again; how many. */
  carry(fromRunId: number, toRunId: number): Promise<number>;
  countsByKind(runId: number): Promise<Record<string, number>>;
  forRun(runId: number, countyCode?: string): Promise<MismatchFinding[]>;
}
