import type { PlanItem, PlanItemState } from '../../core/plan-item.js';

export type { PlanItem, PlanItemState } from '../../core/plan-item.js';

/** The changes a run planned and the result of pushing each. */
export interface PlanItemStore {
  insert(items: readonly PlanItem[]): Promise<void>;
  /** A run's pending items in external-id order, in (after, upTo]. */
  pending(runId: number, afterExternalId: string | null, limit: number, upToExternalId?: string | null): Promise<PlanItem[]>;
  /** Items in (after, upTo] whose whole batch failed go back to pending; returns their teachers. */
  requeueUnanswered(runId: number, afterExternalId: string | null, upToExternalId: string | null): Promise<string[]>;
  /** Cuts a run's pending items into ranges of `size`: the last id of every range but the final one. */
  sliceBounds(runId: number, size: number): Promise<string[]>;
  setState(runId: number, externalIds: readonly string[], state: PlanItemState, resultStatus: number | null, resultCode: string | null): Promise<void>;
  /** Blocks a run's pending items of one action (the safety limit); returns how many. */
  blockAction(runId: number, action: string): Promise<number>;
  forTeachers(runId: number, teacherIds: readonly string[]): Promise<PlanItem[]>;
  /** Items of a run by action and state, for the run's counts. */
  tally(runId: number): Promise<{ action: string; state: string; n: number }[]>;
  /** A run's failed items by the platform's answer (null: none came) and the code they failed with. */
  failedByResult(runId: number): Promise<{ status: number | null; code: string | null; n: number }[]>;
}
