import pRetry from 'p-retry';
import { ID_TYPES, type IdType, type ProblemCode } from '../core/types.js';
import type { PiiCipher } from '../crypto/pii-cipher.js';
import { openPii } from '../crypto/pii-envelope.js';
import type { AccountLinkRow } from '../db/repositories/account-link.repository.js';
import type { PlanItemRow } from '../db/repositories/plan-item.repository.js';
import type { ProblemRecord } from '../db/repositories/sync-problem.repository.js';
import type { TeacherRow } from '../db/repositories/teacher.repository.js';
import type { Repositories } from '../db/port.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import type { PushItem, PushResult } from './ports.js';
import { coerceError, PushAbortedError } from './sync-errors.js';

/** Batches that failed whole in a row before the run gives up (the platform is down). */
const MAX_CONSECUTIVE_BATCH_FAILURES = 3;

const PROBLEM_BY_STATUS: Record<number, ProblemCode> = {
  404: 'PUSH_SCHOOL_NOT_FOUND',
  409: 'PUSH_CONFLICT',
  422: 'PUSH_VALIDATION_FAILED',
};

export interface PushCounts {
  pushed: number;
  failed: number;
}

/** The external ids (after, upTo] a push covers; null: open on that side. */
export interface PushRange {
  after: string | null;
  upTo: string | null;
}

const WHOLE_RUN: PushRange = { after: null, upTo: null };

function payloadOf(item: PlanItemRow, row: TeacherRow, cipher: PiiCipher): PushItem {
  const pii = openPii(cipher, row.pii_enc);
  if (!row.name || !pii.idNumber || !(ID_TYPES as readonly string[]).includes(row.id_type ?? '')) throw new Error('stored record lacks name or ID');
  return {
    externalId: item.external_id,
    name: row.name,
    idType: row.id_type as IdType,
    idNumber: pii.idNumber,
    gender: row.gender === 'M' || row.gender === 'F' ? row.gender : null,
    mobile: pii.mobile,
    email: pii.email,
    schoolId: item.school_id,
    status: item.desired_status === 'active' ? 'active' : 'disabled',
  };
}

function conflictDetail(r: PushResult): string {
  const e = r.error;
  if (!e) return `platform answered ${r.status}`;
  if (r.status === 409) {
    const owner = e.existingExternalId ? `external id ${e.existingExternalId}` : 'an account made by hand';
    return `${e.code}: this ID number already has account ${e.existingAccountId ?? '?'} (${owner})`;
  }
  if (r.status === 422) return `${e.code}: field ${e.field ?? '?'} rejected`;
  // The platform layer has already cut what the item sent, and long digit runs, out of the message.
  return `${e.code}: ${e.message}`.slice(0, 500);
}

/** MySQL's answers that a transaction lost to another one (another worker's) and may simply run again. */
const LOST_TO_ANOTHER = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/** Runs the writes in one transaction of their own, again when another transaction got in the way. */
async function recordAtomically(ctx: PhaseContext, fn: (repos: Repositories) => Promise<void>): Promise<void> {
  await pRetry(() => ctx.deps.store.unitOfWork(fn), {
    retries: 5, minTimeout: 20, maxTimeout: 1000,
    shouldRetry: ({ error }) => LOST_TO_ANOTHER.has(String((error as { code?: unknown }).code)),
  });
}

interface Rebound {
  externalId: string;
  result: PushResult;
}

/**
 * Creates answered 409 because the person already has an account: one made by hand is bound to
 * the teacher's external id (the contract's `accountId`); one under an external id the daemon has
 * no link for is taken over under that id. Sent again in one batch; a failure of that batch leaves
 * the first answers standing.
 */
async function bindExisting(ctx: PhaseContext, sent: readonly PlanItemRow[], payloads: readonly PushItem[], results: readonly PushResult[]): Promise<Map<number, Rebound>> {
  const out = new Map<number, Rebound>();
  const candidates: { at: number; item: PushItem }[] = [];
  const foreignIds: string[] = [];
  results.forEach((r, i) => {
    const e = r.error;
    if (r.status !== 409 || sent[i]!.action !== 'create' || !e?.existingAccountId) return;
    if (e.existingExternalId === null || e.existingExternalId === undefined) {
      candidates.push({ at: i, item: { ...payloads[i]!, accountId: e.existingAccountId } });
    } else if (e.existingExternalId !== sent[i]!.external_id) {
      candidates.push({ at: i, item: { ...payloads[i]!, externalId: e.existingExternalId } });
      foreignIds.push(e.existingExternalId);
    }
  });
  if (candidates.length === 0) return out;
  // An external id the daemon already links is another of its own accounts: a real conflict.
  const known = new Set((await ctx.repos.links.byExternalIds(foreignIds)).map((l) => l.external_id));
  const retry = candidates.filter((c) => c.item.accountId !== undefined || !known.has(c.item.externalId));
  if (retry.length === 0) return out;
  try {
    const again = await ctx.deps.accounts.pushBatch(retry.map((c) => c.item), ctx.signal);
    retry.forEach((c, k) => {
      const r = again[k];
      if (r) out.set(c.at, { externalId: c.item.externalId, result: r });
    });
  } catch (e) {
    throwIfAborted(ctx.signal);
    ctx.deps.log.warn({ runId: ctx.runId, err: coerceError(e).message, items: retry.length }, 'binding to existing accounts failed; they stay failed for this run');
  }
  return out;
}

/**
 * Sends the planned changes in batches, several in flight, and records each result as it comes:
 * a link is written only after the platform confirmed the account, so a killed run loses nothing
 * and the next run re-plans only what is still missing.
 */
export async function pushPhase(ctx: PhaseContext, planned: number, range: PushRange = WHOLE_RUN): Promise<PushCounts> {
  const { deps, repos, runId, signal } = ctx;
  const { pushBatchSize, pushConcurrency } = deps.policy.sync;
  const counts: PushCounts = { pushed: 0, failed: 0 };
  let consecutiveFailures = 0;
  // The batches in flight record their results one after another, never in two transactions at
  // once: theirs would take locks on neighbouring keys of the same indexes.
  let recording: Promise<unknown> = Promise.resolve();
  const recordInOrder = (fn: () => Promise<void>): Promise<void> => {
    const next = recording.then(fn);
    recording = next.catch(() => {});
    return next;
  };
  ctx.progress.start('push', planned);

  const pushOne = async (batch: PlanItemRow[], rows: Map<string, TeacherRow>): Promise<void> => {
    const problems: ProblemRecord[] = [];
    const payloads: PushItem[] = [];
    const sent: PlanItemRow[] = [];
    const localFailures: string[] = [];
    for (const item of batch) {
      const row = rows.get(item.teacher_id);
      try {
        if (!row) throw new Error('stored record is missing');
        payloads.push(payloadOf(item, row, deps.cipher));
        sent.push(item);
      } catch (e) {
        localFailures.push(item.external_id);
        problems.push({ runId, teacherId: item.teacher_id, code: 'PUSH_FAILED', detail: `not sent: ${coerceError(e).message}`, institutionCode: row?.institution_code ?? null, countyCode: row?.county_code ?? null });
      }
    }
    await repos.plan.setState(runId, localFailures, 'failed', null, 'PUSH_FAILED');
    counts.failed += localFailures.length;
    deps.onPushed?.('error', localFailures.length);
    if (payloads.length === 0) {
      await repos.problems.insert(problems);
      return;
    }

    let results: PushResult[];
    try {
      results = await deps.accounts.pushBatch(payloads, signal);
      consecutiveFailures = 0;
    } catch (e) {
      throwIfAborted(signal);
      const err = coerceError(e);
      const code = (err as { code?: unknown }).code;
      consecutiveFailures++;
      deps.log.warn({ runId, err: { message: err.message, code }, items: payloads.length }, 'batch push failed');
      await repos.plan.setState(runId, sent.map((i) => i.external_id), 'failed', null, typeof code === 'string' ? code.slice(0, 40) : 'PUSH_FAILED');
      for (const item of sent) {
        const row = rows.get(item.teacher_id);
        problems.push({ runId, teacherId: item.teacher_id, code: 'PUSH_FAILED', detail: `batch failed: ${err.message}`.slice(0, 500), institutionCode: row?.institution_code ?? null, countyCode: row?.county_code ?? null });
      }
      await repos.problems.insert(problems);
      counts.failed += sent.length;
      deps.onPushed?.('error', sent.length);
      if (consecutiveFailures >= MAX_CONSECUTIVE_BATCH_FAILURES) {
        throw new PushAbortedError(`${consecutiveFailures} batches in a row failed; last error: ${err.message}`, { cause: err });
      }
      return;
    }

    // A new account refused because the person already has one the daemon did not know about (made
    // by hand, or under an external id it has no link for): bind to that account instead.
    const rebound = await bindExisting(ctx, sent, payloads, results);

    const now = deps.clock();
    const links: AccountLinkRow[] = [];
    const byOutcome = new Map<string, { ids: string[]; status: number | null; code: string | null; state: 'done' | 'failed' }>();
    const note = (state: 'done' | 'failed', status: number, code: string | null, id: string) => {
      const k = `${state}|${status}|${code ?? ''}`;
      const entry = byOutcome.get(k) ?? { ids: [], status, code, state };
      entry.ids.push(id);
      byOutcome.set(k, entry);
    };
    sent.forEach((item, i) => {
      const bound = rebound.get(i);
      const r = bound?.result ?? results[i]!;
      const row = rows.get(item.teacher_id);
      if (bound && (r.status === 200 || r.status === 201)) {
        problems.push({
          runId, teacherId: item.teacher_id, code: 'ACCOUNT_LINKED', institutionCode: row?.institution_code ?? null, countyCode: row?.county_code ?? null,
          detail: `account ${r.accountId ?? '?'}${bound.externalId === item.external_id ? ' made by hand' : ` (external id ${bound.externalId})`} on the student-record platform is this teacher's; it is used, not duplicated`,
        });
      }
      if (r.status === 200 || r.status === 201) {
        links.push({
          external_id: bound?.externalId ?? item.external_id, teacher_id: item.teacher_id, identity_mac: item.identity_mac,
          account_id: r.accountId ?? null, username: r.username ?? null, school_id: item.school_id,
          status: item.desired_status, pushed_hash: item.desired_hash, choice_reason: item.choice_reason,
          pushed_run_id: runId, pushed_at_ms: now,
        });
        note('done', r.status, null, item.external_id);
        counts.pushed++;
      } else {
        note('failed', r.status, r.error?.code?.slice(0, 40) ?? null, item.external_id);
        problems.push({ runId, teacherId: item.teacher_id, code: PROBLEM_BY_STATUS[r.status] ?? 'PUSH_FAILED', detail: conflictDetail(r), institutionCode: row?.institution_code ?? null, countyCode: row?.county_code ?? null });
        counts.failed++;
      }
    });
    // What the platform confirmed is recorded whole or not at all: a link written without its plan
    // item marked done would be an account no run ever counts.
    await recordInOrder(() => recordAtomically(ctx, async (tx) => {
      await tx.links.upsert(links);
      await tx.teachers.setLinks(links.map((l) => ({ teacherId: l.teacher_id, externalId: l.external_id })));
      for (const o of byOutcome.values()) await tx.plan.setState(runId, o.ids, o.state, o.status, o.code);
      await tx.problems.insert(problems);
    }));
    deps.onPushed?.('ok', links.length);
    deps.onPushed?.('refused', sent.length - links.length);
    ctx.progress.advance(sent.length);
  };

  // A batch is read and sent as soon as one of those in flight is answered, so the platform always
  // has `pushConcurrency` batches to work on while the answers of others are being recorded.
  const inFlight = new Set<Promise<unknown>>();
  let firstError: { error: unknown } | null = null;
  let after: string | null = range.after;
  for (;;) {
    if (firstError || signal.aborted) break;
    const items = await repos.plan.pending(runId, after, pushBatchSize, range.upTo);
    if (items.length === 0) break;
    after = items[items.length - 1]!.external_id;
    const rows = await repos.teachers.byIds([...new Set(items.map((i) => i.teacher_id))]);
    const batch: Promise<unknown> = pushOne(items, rows)
      .catch((error: unknown) => {
        firstError ??= { error };
      })
      .finally(() => inFlight.delete(batch));
    inFlight.add(batch);
    if (inFlight.size >= pushConcurrency) await Promise.race(inFlight);
  }
  // Settle every batch in flight before giving up, so none writes after the run has ended.
  await Promise.all(inFlight);
  if (firstError) throw (firstError as { error: unknown }).error;
  throwIfAborted(signal);
  ctx.progress.finish();
  deps.log.info({ runId, ...counts }, 'push finished');
  return counts;
}
