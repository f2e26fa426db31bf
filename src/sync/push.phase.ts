import pRetry from 'p-retry';
import type { PlanItem } from '../core/plan-item.js';
import { batchFailureCode, classifyAnswers, problemAt, rebindings, type Rebound } from '../core/push-result.js';
import type { ProblemRecord } from '../core/run-problem.js';
import { ID_TYPES, type IdType } from '../core/types.js';
import type { PiiCipher } from '../crypto/pii-cipher.js';
import { openPii } from '../crypto/pii-envelope.js';
import type { StoredTeacher } from '../db/ports/teacher.port.js';
import type { Repositories } from '../db/port.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import type { PushItem, PushResult } from './ports.js';
import { coerceError, PushAbortedError } from './sync-errors.js';

/** Batches that failed whole in a row before the run gives up (the platform is down). */
const MAX_CONSECUTIVE_BATCH_FAILURES = 3;

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

function payloadOf(item: PlanItem, t: StoredTeacher, cipher: PiiCipher): PushItem {
  const pii = openPii(cipher, t.piiSealed);
  if (!t.name || !pii.idNumber || !(ID_TYPES as readonly string[]).includes(t.idType ?? '')) throw new Error('stored record lacks name or ID');
  return {
    externalId: item.externalId,
    name: t.name,
    idType: t.idType as IdType,
    idNumber: pii.idNumber,
    gender: t.gender === 'M' || t.gender === 'F' ? t.gender : null,
    mobile: pii.mobile,
    email: pii.email,
    schoolId: item.schoolId,
    status: item.desiredStatus,
  };
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

/** A batch as read: its items, the stored records they are pushed from, and the state of the whole push. */
interface Batch {
  items: PlanItem[];
  records: Map<string, StoredTeacher>;
}

/** The shared state of one push: counts, the run of failed batches, and the writes kept in order. */
interface PushState {
  counts: PushCounts;
  consecutiveFailures: number;
  /** Runs a batch's writes in their turn (see inLanes). */
  recordInOrder: (fn: () => Promise<void>) => Promise<void>;
}

/**
 * Creates answered 409 because the person already has an account: one made by hand is bound to
 * the teacher's external id (the contract's `accountId`); one under an external id the daemon has
 * no link for is taken over under that id. Sent again in one batch; a failure of that batch leaves
 * the first answers standing.
 */
async function bindExisting(ctx: PhaseContext, sent: readonly PlanItem[], payloads: readonly PushItem[], results: readonly PushResult[]): Promise<Map<number, Rebound>> {
  const out = new Map<number, Rebound>();
  const candidates = rebindings(sent, results);
  if (candidates.length === 0) return out;
  // An external id the daemon already links is another of its own accounts: a real conflict.
  const foreign = candidates.flatMap((c) => (c.externalId === null ? [] : [c.externalId]));
  const known = new Set((await ctx.repos.links.byExternalIds(foreign)).map((l) => l.externalId));
  const retry = candidates
    .filter((c) => c.externalId === null || !known.has(c.externalId))
    .map((c) => ({ at: c.at, item: c.externalId === null ? { ...payloads[c.at]!, accountId: c.accountId } : { ...payloads[c.at]!, externalId: c.externalId } }));
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

/** The payload of each item; an item whose stored record cannot be sent fails here, with a problem. */
async function preparePayloads(ctx: PhaseContext, batch: Batch, state: PushState): Promise<{ sent: PlanItem[]; payloads: PushItem[]; problems: ProblemRecord[] }> {
  const { deps, repos, runId } = ctx;
  const problems: ProblemRecord[] = [];
  const payloads: PushItem[] = [];
  const sent: PlanItem[] = [];
  const localFailures: string[] = [];
  for (const item of batch.items) {
    const record = batch.records.get(item.teacherId);
    try {
      if (!record) throw new Error('stored record is missing');
      payloads.push(payloadOf(item, record, deps.cipher));
      sent.push(item);
    } catch (e) {
      localFailures.push(item.externalId);
      problems.push(problemAt(runId, item.teacherId, record, 'PUSH_FAILED', `not sent: ${coerceError(e).message}`));
    }
  }
  await repos.plan.setState(runId, localFailures, 'failed', null, 'PUSH_FAILED');
  state.counts.failed += localFailures.length;
  deps.onPushed?.('error', localFailures.length);
  return { sent, payloads, problems };
}

/** A batch the platform could not be asked about: its items failed, and after too many in a row the push stops. */
async function recordBatchFailure(ctx: PhaseContext, batch: Batch, sent: readonly PlanItem[], problems: ProblemRecord[], e: unknown, state: PushState): Promise<void> {
  const { deps, repos, runId } = ctx;
  const err = coerceError(e);
  const code = (err as { code?: unknown }).code;
  state.consecutiveFailures++;
  deps.log.warn({ runId, err: { message: err.message, code }, items: sent.length }, 'batch push failed');
  await repos.plan.setState(runId, sent.map((i) => i.externalId), 'failed', null, batchFailureCode(code));
  for (const item of sent) problems.push(problemAt(runId, item.teacherId, batch.records.get(item.teacherId), 'PUSH_FAILED', `batch failed: ${err.message}`.slice(0, 500)));
  await repos.problems.insert(problems);
  state.counts.failed += sent.length;
  deps.onPushed?.('error', sent.length);
  if (state.consecutiveFailures >= MAX_CONSECUTIVE_BATCH_FAILURES) {
    throw new PushAbortedError(`${state.consecutiveFailures} batches in a row failed; last error: ${err.message}`, { cause: err });
  }
}

/** Sends one batch and records what the platform answered for each of its items. */
async function pushBatch(ctx: PhaseContext, batch: Batch, state: PushState): Promise<void> {
  const { deps, runId, signal } = ctx;
  const { sent, payloads, problems } = await preparePayloads(ctx, batch, state);
  if (payloads.length === 0) return ctx.repos.problems.insert(problems);
  let answers: PushResult[];
  try {
    answers = await deps.accounts.pushBatch(payloads, signal);
    state.consecutiveFailures = 0;
  } catch (e) {
    throwIfAborted(signal);
    return recordBatchFailure(ctx, batch, sent, problems, e, state);
  }
  // A new account refused because the person already has one the daemon did not know about (made
  // by hand, or under an external id it has no link for): bind to that account instead.
  const rebound = await bindExisting(ctx, sent, payloads, answers);
  const result = classifyAnswers({ runId, nowMs: deps.clock(), sent, answers, rebound, placeOf: (id) => batch.records.get(id) });
  state.counts.pushed += result.pushed;
  state.counts.failed += result.failed;
  problems.push(...result.problems);
  // What the platform confirmed is recorded whole or not at all: a link written without its plan
  // item marked done would be an account no run ever counts.
  await state.recordInOrder(() => recordAtomically(ctx, async (tx) => {
    await tx.links.upsert(result.links);
    await tx.teachers.setLinks(result.links.map((l) => ({ teacherId: l.teacherId, externalId: l.externalId })));
    for (const o of result.outcomes) await tx.plan.setState(runId, o.externalIds, o.state, o.status, o.code);
    await tx.problems.insert(problems);
  }));
  deps.onPushed?.('ok', result.links.length);
  deps.onPushed?.('refused', sent.length - result.links.length);
  ctx.progress.advance(sent.length);
}

/**
 * Transactions recording batch results at once. The database runs each on one thread, and the
 * recording, not the platform, is what a large push waits for: a second transaction puts a second
 * core to work. Batches cover disjoint keys; a rebinding that does touch another batch's key loses
 * at worst a lock wait, and recordAtomically runs it again. SQLite runs them one after another.
 */
const RECORDING_LANES = 2;

/** Writes of batches in flight, dealt round the lanes; within a lane one after another. */
function inLanes(lanes: number): PushState['recordInOrder'] {
  const tails: Promise<unknown>[] = Array.from({ length: lanes }, () => Promise.resolve());
  let turn = 0;
  return (fn) => {
    const lane = turn++ % lanes;
    const next = tails[lane]!.then(fn);
    tails[lane] = next.catch(() => {});
    return next;
  };
}

/** The next batch of pending items after `after` and their stored records; null when none is left. */
async function readBatch(ctx: PhaseContext, after: string | null, range: PushRange): Promise<Batch | null> {
  const items = await ctx.repos.plan.pending(ctx.runId, after, ctx.deps.policy.sync.pushBatchSize, range.upTo);
  if (items.length === 0) return null;
  return { items, records: await ctx.repos.teachers.byIds([...new Set(items.map((i) => i.teacherId))]) };
}

/**
 * Sends the planned changes in batches, several in flight, and records each result as it comes:
 * a link is written only after the platform confirmed the account, so a killed run loses nothing
 * and the next run re-plans only what is still missing.
 */
export async function pushPhase(ctx: PhaseContext, planned: number, range: PushRange = WHOLE_RUN): Promise<PushCounts> {
  const { deps, runId, signal } = ctx;
  // Batches in flight record their results in a few transactions at once, each lane in order.
  const state: PushState = { counts: { pushed: 0, failed: 0 }, consecutiveFailures: 0, recordInOrder: inLanes(RECORDING_LANES) };
  ctx.progress.start('push', planned);
  // A batch is sent as soon as one of those in flight is answered, so the platform always has
  // `pushConcurrency` batches to work on while the answers of others are being recorded; the next
  // batch is read while waiting for that answer.
  const inFlight = new Set<Promise<unknown>>();
  let firstError: { error: unknown } | null = null;
  // Each read ahead is marked handled as soon as it starts: a failed read is taken up where it is
  // awaited, and must not be reported as unhandled (which ends the process) while this loop waits
  // for a batch in flight.
  const readAhead = (after: string | null) => {
    const read = readBatch(ctx, after, range);
    read.catch(() => {});
    return read;
  };
  let next = readAhead(range.after);
  for (;;) {
    if (firstError || signal.aborted) break;
    const read = await next.catch((error: unknown) => {
      firstError ??= { error };
      return null;
    });
    if (read === null) break;
    next = readAhead(read.items[read.items.length - 1]!.externalId);
    const batch: Promise<unknown> = pushBatch(ctx, read, state)
      .catch((error: unknown) => {
        firstError ??= { error };
      })
      .finally(() => inFlight.delete(batch));
    inFlight.add(batch);
    if (inFlight.size >= deps.policy.sync.pushConcurrency) await Promise.race(inFlight);
  }
  // Settle every batch in flight before giving up, so none writes after the run has ended.
  await Promise.all([...inFlight, next.catch(() => null)]);
  if (firstError) throw (firstError as { error: unknown }).error;
  throwIfAborted(signal);
  ctx.progress.finish();
  deps.log.info({ runId, ...state.counts }, 'push finished');
  return state.counts;
}
