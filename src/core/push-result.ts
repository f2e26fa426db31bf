/**
 * What the student-record platform's answers to a batch of pushed accounts mean: the links to
 * record, the plan items done or failed (grouped by answer, one update each), and the problems to
 * report. No I/O: the push phase sends, classifies with these functions, and records the result.
 */
import type { AccountLink } from './account-link.js';
import type { PlanItem, PlanItemState } from './plan-item.js';
import type { ProblemRecord } from './run-problem.js';
import type { ProblemCode } from './types.js';

/** The platform's answer for one pushed account (see the contract's batch upsert). */
export interface PushAnswer {
  status: number;
  accountId?: string;
  username?: string;
  error?: {
    code: string;
    message: string;
    existingExternalId?: string | null;
    existingAccountId?: string | null;
    field?: string;
  };
}

/** Where a problem of a teacher is reported: from the teacher's stored record, when there is one. */
export type RecordPlace = { institutionCode: string | null; countyCode: string | null } | undefined;

const PROBLEM_BY_STATUS: Readonly<Record<number, ProblemCode>> = {
  404: 'PUSH_SCHOOL_NOT_FOUND',
  409: 'PUSH_CONFLICT',
  422: 'PUSH_VALIDATION_FAILED',
};

/** Longest result code a plan item keeps. */
const RESULT_CODE_MAX = 40;

export function isAccepted(status: number): boolean {
  return status === 200 || status === 201;
}

/** The problem code of a refused account. */
export function refusalCode(status: number): ProblemCode {
  return PROBLEM_BY_STATUS[status] ?? 'PUSH_FAILED';
}

/** What a refusal says, without anything the item sent (the platform layer has already cut that out of messages). */
export function refusalDetail(r: PushAnswer): string {
  const e = r.error;
  if (!e) return `platform answered ${r.status}`;
  if (r.status === 409) {
    const owner = e.existingExternalId ? `external id ${e.existingExternalId}` : 'an account made by hand';
    return `${e.code}: this ID number already has account ${e.existingAccountId ?? '?'} (${owner})`;
  }
  if (r.status === 422) return `${e.code}: field ${e.field ?? '?'} rejected`;
  return `${e.code}: ${e.message}`.slice(0, 500);
}

/** The result code of items whose whole batch failed: the error's code when it has one. */
export function batchFailureCode(code: unknown): string {
  return typeof code === 'string' ? code.slice(0, RESULT_CODE_MAX) : 'PUSH_FAILED';
}

export function problemAt(runId: number, teacherId: string, place: RecordPlace, code: ProblemCode, detail: string): ProblemRecord {
  return { runId, teacherId, code, detail, institutionCode: place?.institutionCode ?? null, countyCode: place?.countyCode ?? null };
}

/**
 * Creates answered 409 because the person already has an account: one made by hand (no external
 * id) is bound to the item's external id by the platform's account id; one under an external id
 * the daemon may not know is taken over under that id. `at` is the item's place in the batch.
 */
export type Rebinding = { at: number; accountId: string; externalId: null } | { at: number; accountId: null; externalId: string };

export function rebindings(sent: readonly Pick<PlanItem, 'action' | 'externalId'>[], answers: readonly PushAnswer[]): Rebinding[] {
  const out: Rebinding[] = [];
  answers.forEach((r, at) => {
    const e = r.error;
    if (r.status !== 409 || sent[at]?.action !== 'create' || !e?.existingAccountId) return;
    if (e.existingExternalId === null || e.existingExternalId === undefined) out.push({ at, accountId: e.existingAccountId, externalId: null });
    else if (e.existingExternalId !== sent[at]!.externalId) out.push({ at, accountId: null, externalId: e.existingExternalId });
  });
  return out;
}

/** An account the item was sent again for, under this external id, and what the platform answered then. */
export interface Rebound {
  externalId: string;
  result: PushAnswer;
}

/** Plan items of a batch that ended the same way: one update of their state. */
export interface ItemOutcome {
  externalIds: string[];
  state: Extract<PlanItemState, 'done' | 'failed'>;
  status: number;
  code: string | null;
}

export interface BatchResult {
  /** Links of the accounts the platform confirmed. */
  links: AccountLink[];
  outcomes: ItemOutcome[];
  problems: ProblemRecord[];
  pushed: number;
  failed: number;
}

export interface BatchAnswers {
  runId: number;
  nowMs: number;
  sent: readonly PlanItem[];
  /** One answer per sent item, in order. */
  answers: readonly PushAnswer[];
  /** Answers of the items sent again (see rebindings), by place in the batch: they stand instead. */
  rebound: ReadonlyMap<number, Rebound>;
  placeOf: (teacherId: string) => RecordPlace;
}

function noteOutcome(byOutcome: Map<string, ItemOutcome>, state: ItemOutcome['state'], status: number, code: string | null, externalId: string): void {
  const k = `${state}|${status}|${code ?? ''}`;
  const entry = byOutcome.get(k);
  if (entry) entry.externalIds.push(externalId);
  else byOutcome.set(k, { externalIds: [externalId], state, status, code });
}

function linkOf(item: PlanItem, externalId: string, r: PushAnswer, runId: number, nowMs: number): AccountLink {
  return {
    externalId, teacherId: item.teacherId, identityMac: item.identityMac, accountId: r.accountId ?? null, username: r.username ?? null,
    schoolId: item.schoolId, status: item.desiredStatus, pushedHash: item.desiredHash, choiceReason: item.choiceReason, pushedRunId: runId, pushedAtMs: nowMs,
  };
}

function linkedDetail(r: PushAnswer, bound: Rebound, item: PlanItem): string {
  const how = bound.externalId === item.externalId ? ' made by hand' : ` (external id ${bound.externalId})`;
  return `account ${r.accountId ?? '?'}${how} on the student-record platform is this teacher's; it is used, not duplicated`;
}

/**
 * What a batch's answers come to: a link for every account the platform took (under the external
 * id it was bound to, if it was), and a problem for every account it refused or that turned out to
 * be one it already had.
 */
export function classifyAnswers(input: BatchAnswers): BatchResult {
  const out: BatchResult = { links: [], outcomes: [], problems: [], pushed: 0, failed: 0 };
  const byOutcome = new Map<string, ItemOutcome>();
  input.sent.forEach((item, i) => {
    const bound = input.rebound.get(i);
    const r = bound?.result ?? input.answers[i]!;
    const place = input.placeOf(item.teacherId);
    if (isAccepted(r.status)) {
      if (bound) out.problems.push(problemAt(input.runId, item.teacherId, place, 'ACCOUNT_LINKED', linkedDetail(r, bound, item)));
      out.links.push(linkOf(item, bound?.externalId ?? item.externalId, r, input.runId, input.nowMs));
      noteOutcome(byOutcome, 'done', r.status, null, item.externalId);
      out.pushed++;
    } else {
      noteOutcome(byOutcome, 'failed', r.status, r.error?.code?.slice(0, RESULT_CODE_MAX) ?? null, item.externalId);
      out.problems.push(problemAt(input.runId, item.teacherId, place, refusalCode(r.status), refusalDetail(r)));
      out.failed++;
    }
  });
  out.outcomes = [...byOutcome.values()];
  return out;
}
