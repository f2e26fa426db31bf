import type { ReconcileCounts } from '../core/account-reconciliation.js';
import type { FailedSplit, RunFailure } from '../core/run-failure.js';
import type { RunCounts, RunStatus } from '../db/ports/sync-run.port.js';
import { planPhase } from './plan.phase.js';
import type { SyncDeps } from './ports.js';
import { applySafetyLimit, phaseTimer, type Timed } from './pull-and-plan.js';
import { pullSchools } from './pull-schools.phase.js';
import { pushPhase } from './push.phase.js';
import { reconcilePhase, type ReconcileEntry } from './reconcile.phase.js';
import {
  finalCounts, finalStatus, haltedOutcome, noFailed, openRun, outcomeOf, recordFailure, releaseHeldLock, takeRunLock, zeroCounts, type OpenRun,
} from './run-lifecycle.js';
import { UpstreamHaltError } from './sync-errors.js';
import { upstreamGuard } from './upstream-guard.js';

export interface ReconcileRunOptions {
  /** Push drifted accounts back to what the source says; also pushes missing and linked ones now. */
  repair: boolean;
  countyCode?: string;
  allowMassDisable?: boolean;
  signal?: AbortSignal;
  /** Entries kept for the answer; the rest are counted and stored with the run's problems. */
  entryLimit?: number;
}

export interface ReconcileSummary {
  runId: number;
  status: RunStatus;
  repair: boolean;
  countyCode: string | null;
  durationMs: number;
  reconcile: ReconcileCounts | null;
  /** Accounts that are not in step; at most `entryLimit`. */
  entries: ReconcileEntry[];
  entriesLeftOut: number;
  /** What the repair pushed; null without --repair. */
  push: RunCounts | null;
  safetyReason: string | null;
  error: string | null;
  /** Why the run did not simply succeed (null when it did), as a sync's summary names it. */
  failure: RunFailure | null;
  failedBy: FailedSplit;
}

/** The entries a reconciliation keeps for its answer, and how many it left out. */
class EntryList {
  readonly entries: ReconcileEntry[] = [];
  leftOut = 0;
  constructor(private readonly limit: number) {}
  add(e: ReconcileEntry): void {
    if (this.entries.length < this.limit) this.entries.push(e);
    else this.leftOut++;
  }
}

type Base = Pick<ReconcileSummary, 'runId' | 'repair' | 'countyCode' | 'entries' | 'push' | 'safetyReason'>;

/**
 * `teacher-sync reconcile`: refreshes the schools, then sets every account on the platform against
 * the links. What it adopts (campus moves) and links is recorded at once; with `repair`, what is
 * drifted, missing or to be linked is planned and pushed in the same run, from the teachers as
 * last pulled. Without it nothing is pushed: the next sync pushes what is missing or to be linked.
 */
export async function runReconcile(deps: SyncDeps, opts: ReconcileRunOptions): Promise<ReconcileSummary> {
  const started = deps.clock();
  const repos = deps.store.repos;
  const lock = await takeRunLock(deps, repos, started);
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.signal]) : lock.signal;
  try {
    const run = await openRun(deps, repos, { mode: 'reconcile', startedAtMs: started, signal });
    lock.setRun(run.runId);
    return await reconcileRun(run, opts);
  } finally {
    await releaseHeldLock(lock, deps.log);
  }
}

async function reconcileRun(run: OpenRun, opts: ReconcileRunOptions): Promise<ReconcileSummary> {
  const { deps, repos } = run.ctx;
  const { timed } = phaseTimer(run.ctx);
  const list = new EntryList(opts.entryLimit ?? 10_000);
  const counts = zeroCounts();
  let reconcile: ReconcileCounts | null = null;
  const base: Base = { runId: run.runId, repair: opts.repair, countyCode: opts.countyCode ?? null, entries: list.entries, push: null, safetyReason: null };
  const ended = (finishedAt: number) => ({ ...base, durationMs: finishedAt - run.startedAtMs, reconcile, entriesLeftOut: list.leftOut });
  try {
    await timed('schools', () => pullSchools(run.ctx, upstreamGuard(run.ctx.deps, false)));
    reconcile = await timed('reconcile', () => reconcilePhase(run.ctx, {
      repair: opts.repair, ...(opts.countyCode !== undefined ? { countyCode: opts.countyCode } : {}), onEntry: (e) => list.add(e),
    }));
    await repos.runs.setReconcile(run.runId, reconcile);
    if (!opts.repair) {
      const finishedAt = deps.clock();
      await repos.runs.finish(run.runId, { status: 'succeeded', counts, finishedAtMs: finishedAt });
      return { ...ended(finishedAt), status: 'succeeded', error: null, failure: null, failedBy: noFailed() };
    }
    const pushed = await repair(run, opts, timed);
    return { ...ended(pushed.finishedAt), status: pushed.status, push: pushed.counts, safetyReason: pushed.safetyReason, error: null, ...(await outcomeOf(repos, run.runId, pushed.status)) };
  } catch (e) {
    if (e instanceof UpstreamHaltError) {
      const finishedAt = deps.clock();
      run.log.error({ reason: e.reason }, 'the school list shrank past the limit: nothing reconciled');
      await repos.runs.finish(run.runId, { status: 'halted', counts, finishedAtMs: finishedAt, safetyReason: e.message });
      return { ...ended(finishedAt), status: 'halted', safetyReason: e.message, error: null, ...haltedOutcome() };
    }
    const failed = await recordFailure(run, e, counts, 'reconciliation');
    return { ...ended(failed.finishedAtMs), status: 'failed', error: failed.error.message, failure: failed.failure, failedBy: failed.failedBy };
  }
}

/** Plans and pushes what reconciliation found drifted, missing or to be linked; finishes the run. */
async function repair(run: OpenRun, opts: ReconcileRunOptions, timed: Timed): Promise<{ status: RunStatus; counts: RunCounts; safetyReason: string | null; finishedAt: number }> {
  const { deps, repos } = run.ctx;
  const plan = await timed('plan', () => planPhase(run.ctx, opts.countyCode !== undefined ? { countyCode: opts.countyCode } : {}));
  const { safetyReason, planned } = await applySafetyLimit(run.ctx, plan, Boolean(opts.allowMassDisable));
  await timed('push', () => pushPhase(run.ctx, planned));
  const counts = await finalCounts(repos, run.runId, zeroCounts(), plan);
  const status = finalStatus({ safetyReason, counts });
  const finishedAt = deps.clock();
  await repos.runs.finish(run.runId, { status, counts, finishedAtMs: finishedAt, safetyReason });
  run.log.info({ status, ...counts }, 'reconciliation repaired');
  return { status, counts, safetyReason, finishedAt };
}
