import type { ReconcileCounts } from '../../core/account-reconciliation.js';
import type { PlanMemory, PlanScope, PreviousRun } from '../../core/plan-scope.js';

/** stopped: the safety limit kept disables back; halted: a source shrank too far, nothing was changed. */
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'stopped' | 'halted' | 'failed' | 'aborted';
/** full / delta: a sync; reconcile: `teacher-sync reconcile` on its own. */
export type RunMode = 'delta' | 'full' | 'reconcile';
export type RunPhase = 'starting' | 'registry' | 'schools' | 'teachers' | 'reconcile' | 'plan' | 'findings' | 'push' | 'done';

export interface RunCounts {
  pulled: number;
  quarantined: number;
  created: number;
  updated: number;
  moved: number;
  disabled: number;
  unchanged: number;
  failed: number;
  held: number;
}

export interface RunRecord extends RunCounts {
  id: number;
  mode: RunMode;
  status: RunStatus;
  phase: RunPhase;
  host: string;
  pid: number;
  startedAtMs: number;
  finishedAtMs: number | null;
  safetyReason: string | null;
  error: string | null;
  reconcile: ReconcileCounts | null;
  /** Whom the run's plan covered; null before it planned. */
  plan: { scope: PlanScope; people: number; findingsCarried: boolean } | null;
}

/** The run before another, with what its plan left (see plan-scope.ts). */
export type PreviousSync = PreviousRun & { id: number; counts: RunCounts };

/** The record of every run: created when it starts, finished (or aborted) once. */
export interface SyncRunStore {
  create(input: { mode: RunMode; host: string; pid: number; startedAtMs: number }): Promise<number>;
  setReconcile(id: number, counts: ReconcileCounts): Promise<void>;
  setPlanMemory(id: number, memory: PlanMemory): Promise<void>;
  /** The run before this one, whatever its kind, with what its plan left; null for the first. */
  previous(id: number): Promise<PreviousSync | null>;
  setPhase(id: number, phase: RunPhase): Promise<void>;
  finish(id: number, input: RunEnd): Promise<void>;
  /** Finishes a run that is still running; false when it was finished or aborted already. */
  finishIfRunning(id: number, input: RunEnd): Promise<boolean>;
  /** Marks a running run aborted with what it is known to have done; false when it was not running. */
  abortOne(id: number, finishedAtMs: number, reason: string, counts?: Partial<RunCounts>): Promise<boolean>;
  /** The runs still marked running, oldest first. */
  runningIds(): Promise<number[]>;
  get(id: number): Promise<RunRecord | undefined>;
  /** The newest sync (full or delta, not a reconciliation on its own) that ended in one of these statuses. */
  latestSyncWithStatus(statuses: readonly RunStatus[]): Promise<RunRecord | undefined>;
  latest(limit: number): Promise<RunRecord[]>;
}

/** How a run ended. */
export interface RunEnd {
  status: RunStatus;
  counts: RunCounts;
  finishedAtMs: number;
  safetyReason?: string | null;
  error?: string | null;
}
