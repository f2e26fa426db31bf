import type { ReconcileCounts } from '../core/account-reconciliation.js';
import type { FailedSplit, RunFailure } from '../core/run-failure.js';
import type { RunCounts, RunStatus } from '../db/repositories/sync-run.repository.js';
import type { PhaseContext } from './phase-context.js';
import { planPhase } from './plan.phase.js';
import { noProgress, type SyncDeps } from './ports.js';
import { applySafetyLimit, phaseTimer } from './pull-and-plan.js';
import { pullSchools } from './pull-schools.phase.js';
import { pushPhase } from './push.phase.js';
import { reconcilePhase, type ReconcileEntry } from './reconcile.phase.js';
import { coerceError, UpstreamHaltError } from './sync-errors.js';
import { upstreamGuard } from './upstream-guard.js';
import { finalCounts, lockForRun, outcomeOf, zeroCounts } from './sync-run.js';

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

/**
 * `teacher-sync reconcile`: refreshes the schools, then sets every account on the platform against
 * the links. What it adopts (campus moves) and links is recorded at once; with `repair`, what is
 * drifted, missing or to be linked is planned and pushed in the same run, from the teachers as
 * last pulled. Without it nothing is pushed: the next sync pushes what is missing or to be linked.
 */
export async function runReconcile(deps: SyncDeps, opts: ReconcileRunOptions): Promise<ReconcileSummary> {
  const started = deps.clock();
  const repos = deps.store.repos;
  const lock = await lockForRun(deps, repos, started);
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.signal]) : lock.signal;
  const limit = opts.entryLimit ?? 10_000;
  const entries: ReconcileEntry[] = [];
  let left = 0;
  try {
    const runId = await repos.runs.create({ mode: 'reconcile', host: deps.host, pid: deps.pid, startedAtMs: started });
    lock.setRun(runId);
    const log = deps.log.child({ runId });
    const ctx: PhaseContext = { deps: { ...deps, log }, repos, runId, signal, progress: deps.progress ?? noProgress };
    const { timed } = phaseTimer(ctx);
    let counts = zeroCounts();
    let reconcile: ReconcileCounts | null = null;
    const base = { runId, repair: opts.repair, countyCode: opts.countyCode ?? null, entries, push: null, safetyReason: null };
    try {
      await timed('schools', () => pullSchools(ctx, upstreamGuard(ctx.deps, false)));
      reconcile = await timed('reconcile', () => reconcilePhase(ctx, {
        repair: opts.repair,
        ...(opts.countyCode !== undefined ? { countyCode: opts.countyCode } : {}),
        onEntry: (e) => {
          if (entries.length < limit) entries.push(e);
          else left++;
        },
      }));
      await repos.runs.setReconcile(runId, reconcile);
      if (!opts.repair) {
        const finishedAt = deps.clock();
        await repos.runs.finish(runId, { status: 'succeeded', counts, finishedAtMs: finishedAt });
        return { ...base, status: 'succeeded', durationMs: finishedAt - started, reconcile, entriesLeftOut: left, error: null, failure: null, failedBy: { refused: 0, unavailable: 0 } };
      }
      const plan = await timed('plan', () => planPhase(ctx, opts.countyCode !== undefined ? { countyCode: opts.countyCode } : {}));
      const { safetyReason, planned } = await applySafetyLimit(ctx, plan, Boolean(opts.allowMassDisable));
      await timed('push', () => pushPhase(ctx, planned));
      counts = await finalCounts(repos, runId, counts, plan);
      const status: RunStatus = safetyReason ? 'stopped' : counts.failed > 0 ? 'partial' : 'succeeded';
      const finishedAt = deps.clock();
      await repos.runs.finish(runId, { status, counts, finishedAtMs: finishedAt, safetyReason });
      log.info({ status, ...counts }, 'reconciliation repaired');
      return { ...base, status, durationMs: finishedAt - started, reconcile, entriesLeftOut: left, push: counts, safetyReason, error: null, ...(await outcomeOf(repos, runId, status)) };
    } catch (e) {
      const finishedAt = deps.clock();
      if (e instanceof UpstreamHaltError) {
        log.error({ reason: e.reason }, 'the school list shrank past the limit: nothing reconciled');
        await repos.runs.finish(runId, { status: 'halted', counts, finishedAtMs: finishedAt, safetyReason: e.message });
        return { ...base, status: 'halted', durationMs: finishedAt - started, reconcile, entriesLeftOut: left, safetyReason: e.message, error: null, failure: 'source-check', failedBy: { refused: 0, unavailable: 0 } };
      }
      const err = coerceError(e);
      log.error({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'reconciliation failed');
      await repos.runs.finish(runId, { status: 'failed', counts, finishedAtMs: finishedAt, error: err.message.slice(0, 2000) }).catch(() => {});
      return { ...base, status: 'failed', durationMs: finishedAt - started, reconcile, entriesLeftOut: left, error: err.message, ...(await outcomeOf(repos, runId, 'failed', err)) };
    }
  } finally {
    await lock.release().catch((e: unknown) => deps.log.warn({ err: coerceError(e).message }, 'could not release the sync lock; it goes stale and the next run takes it over'));
  }
}
