import type { AccountAction } from './types.js';

export type PlanItemState = 'pending' | 'done' | 'failed' | 'blocked';

/** One change a run planned for one account, and the result of pushing it. */
export interface PlanItem {
  runId: number;
  externalId: string;
  teacherId: string;
  identityMac: string;
  action: AccountAction;
  schoolId: string;
  desiredStatus: 'active' | 'disabled';
  desiredHash: string;
  choiceReason: string | null;
  state: PlanItemState;
  /** The platform's answer; null before it answered or when the batch got no answer. */
  resultStatus: number | null;
  resultCode: string | null;
}
