import type { ReconcileCounts } from '../core/account-reconciliation.js';
import { runFailure, splitFailed, type FailedSplit, type RunFailure } from '../core/run-failure.js';
import { DatabaseUnreachableError } from '../db/database.js';
import type { Repositories } from '../db/port.js';
import type { RunCounts, RunMode, RunStatus } from '../db/repositories/sync-run.repository.js';
import { noProgress, type SyncDeps, type SyncOptions } from './ports.js';
import type { PhaseContext } from './phase-context.js';
import type { PlanCounts } from './plan.phase.js';
import { phaseTimer, pullAndPlan, type PlanScopeSummary } from './pull-and-plan.js';
import { TEACHER_CURSOR } from './pull-teachers.phase.js';
import { pushPhase } from './push.phase.js';
import { acquireRunLock, type HeldLock } from './run-lock.js';
import { coerceError, failureCodeOf } from './sync-errors.js';

export type SummaryStatus = RunStatus | 'planned';

/** What a run did, as printed by `sync --json` and kept in the database. */
export interface RunSummary extends RunCounts {
  runId: number | null;
  status: SummaryStatus;
  mode: RunMode;
  dryRun: boolean;
  durationMs: number;
  safetyReason: string | null;
  error: string | null;
  problems: Record<string, number>;
  /** Milliseconds spent in each phase. */
  phaseMs: Record<string, number>;
  /** What reconciliation with the platform found (full runs); null without one. */
  reconcile: ReconcileCounts | null;
  /** Whom the plan covered; absent when the run stopped before planning. */
  plan?: PlanScopeSummary | null;
  /** Why the run did not simply succeed (null when it did); the exit code follows from it. */
  failure: RunFailure | null;
  /** The failed changes: refused by the platform, or never answered by it after every retry. */
  failedBy: FailedSplit;
}

const noFailed = (): FailedSplit => ({ refused: 0, unavailable: 0 });

/**
 * The failure a recorded run names. Its failed changes are read back; when the database is the
 * reason the run failed, what cannot be read counts as none.
 */
export async function outcomeOf(repos: Repositories, runId: number | null, status: SummaryStatus, error: unknown = null): Promise<Pick<RunSummary, 'failure' | 'failedBy'>> {
  const failedBy = runId === null ? noFailed() : splitFailed(await repos.plan.failedByResult(runId).catch(() => []));
  return { failure: runFailure({ status, failedBy, errorCode: error === null ? null : failureCodeOf(error) }), failedBy };
}

class DryRunRollback extends Error {
  constructor(readonly summary: RunSummary) {
    super('dry run: rolled back');
  }
}

export const zeroCounts = (): RunCounts => ({ pulled: 0, quarantined: 0, created: 0, updated: 0, moved: 0, disabled: 0, unchanged: 0, failed: 0, held: 0 });

type PushedCounts = Pick<RunCounts, 'created' | 'updated' | 'moved' | 'disabled' | 'failed'>;

/** What the platform confirmed to a run, and what failed, from the stored result of every push. */
async function pushedCounts(repos: Repositories, runId: number): Promise<PushedCounts> {
  const counts: PushedCounts = { created: 0, updated: 0, moved: 0, disabled: 0, failed: 0 };
  const field = { create: 'created', update: 'updated', move: 'moved', disable: 'disabled' } as const;
  for (const t of await repos.plan.tally(runId)) {
    const f = field[t.action as keyof typeof field];
    if (!f) continue;
    if (t.state === 'done') counts[f] += t.n;
    else if (t.state === 'failed') counts.failed += t.n;
  }
  return counts;
}

/** A run's counts from its plan and the stored result of every push. */
export async function finalCounts(repos: Repositories, runId: number, base: RunCounts, plan: PlanCounts): Promise<RunCounts> {
  const pushed = await pushedCounts(repos, runId);
  return { ...base, unchanged: plan.unchanged, held: plan.held, ...pushed, failed: base.failed + pushed.failed };
}

/**
 * Marks aborted the runs a process that died left running, each with the changes the platform
 * confirmed to it (recorded as they were answered): such a run says what it did, and the run that
 * takes over counts only what it pushes itself. Changes it never sent are not failures: the next
 * plan has them again.
 */
export async function abortRunsLeft(repos: Repositories, now: number, reason: string): Promise<number> {
  let n = 0;
  for (const id of await repos.runs.runningIds()) {
    const { failed: _unsent, ...confirmed } = await pushedCounts(repos, id);
    if (await repos.runs.abortOne(id, now, reason, confirmed)) n++;
  }
  return n;
}

/**
 * Takes the database's sync lock for a run of this process; a run left by a process that died is
 * marked aborted. Whatever writes accounts (a sync, a reconciliation) holds it throughout.
 */
export async function lockForRun(deps: SyncDeps, repos: Repositories, now: number): Promise<HeldLock> {
  const lock = await acquireRunLock({
    repos, host: deps.host, pid: deps.pid, clock: deps.clock, isProcessAlive: deps.isProcessAlive,
    heartbeatMs: deps.policy.sync.lockHeartbeatSeconds * 1000, staleMs: deps.policy.sync.lockStaleSeconds * 1000,
    onHeartbeatError: (e) => deps.log.warn({ err: coerceError(e).message }, 'lock heartbeat failed'),
  });
  try {
    if (lock.tookOver) {
      const n = await abortRunsLeft(repos, now, `process ${lock.tookOver.pid} on ${lock.tookOver.host} stopped before finishing`);
      deps.log.warn({ previous: lock.tookOver, aborted: n }, 'took over the lock of a sync that stopped; its run is marked aborted');
    }
  } catch (e) {
    await lock.release();
    throw e;
  }
  return lock;
}

/**
 * One sync run: registry, schools, teachers, plan, safety limit, push. Holds the database's sync
 * lock throughout. A dry run does all but the push inside a transaction that is rolled back.
 */
export async function runSync(deps: SyncDeps, opts: SyncOptions): Promise<RunSummary> {
  const started = deps.clock();
  const progress = deps.progress ?? noProgress;
  const rootRepos = deps.store.repos;
  const lock = await lockForRun(deps, rootRepos, started);
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.signal]) : lock.signal;
  try {
    if (!opts.dryRun) {
      const summary = await execute(deps, rootRepos, opts, signal, started, progress, (id) => lock.setRun(id));
      // Reports go out after the run is recorded; whatever happens to them, the run's outcome stands.
      if (summary.runId !== null) {
        await deps.reporter?.afterRun(summary.runId).catch((e: unknown) => deps.log.error({ err: coerceError(e).message }, 'reports of the run failed'));
      }
      return summary;
    }
    try {
      await deps.store.unitOfWork(async (trx) => {
        const summary = await execute(deps, trx, opts, signal, started, progress, () => {});
        throw new DryRunRollback(summary);
      });
    } catch (e) {
      if (e instanceof DryRunRollback) return e.summary;
      throw e;
    }
    throw new Error('dry run ended without a summary');
  } finally {
    // A database gone away cannot release the lock: it goes stale and the next run takes it over.
    // The run's outcome, already decided, is still what the caller gets.
    await lock.release().catch((e: unknown) => deps.log.warn({ err: coerceError(e).message }, 'could not release the sync lock; it goes stale and the next run takes it over'));
  }
}

async function execute(
  deps: SyncDeps, repos: Repositories, opts: SyncOptions, signal: AbortSignal, started: number,
  progress: NonNullable<SyncDeps['progress']>, onRunId: (id: number) => void,
): Promise<RunSummary> {
  const cursor = await repos.cursors.get(TEACHER_CURSOR);
  const mode: RunMode = opts.full || cursor === null ? 'full' : 'delta';
  const runId = await repos.runs.create({ mode, host: deps.host, pid: deps.pid, startedAtMs: started });
  onRunId(runId);
  const log = deps.log.child({ runId });
  log.info({ mode, dryRun: opts.dryRun }, 'sync started');
  const ctx: PhaseContext = { deps: { ...deps, log }, repos, runId, signal, progress };
  let counts = zeroCounts();
  const { timed, phaseMs } = phaseTimer(ctx);
  try {
    const { plan, safetyReason, planned, reconcile, halted, scope } = await pullAndPlan(
      ctx, { mode, cursorMs: cursor, allowMassDisable: opts.allowMassDisable, allowShrink: Boolean(opts.allowShrink), replanAll: Boolean(opts.replanAll), counts }, timed,
    );

    const problems = async () => repos.problems.countsByCode(runId);
    if (halted) {
      const finishedAt = deps.clock();
      if (!opts.dryRun) await repos.runs.finish(runId, { status: 'halted', counts, finishedAtMs: finishedAt, safetyReason });
      return { runId, status: 'halted', mode, dryRun: opts.dryRun, durationMs: finishedAt - started, safetyReason, error: null, ...counts, problems: await problems(), phaseMs, reconcile, failure: 'source-check', failedBy: noFailed() };
    }
    if (opts.dryRun) {
      return {
        runId, status: 'planned', mode, dryRun: true, durationMs: deps.clock() - started, safetyReason, error: null,
        ...counts, created: plan.create, updated: plan.update, moved: plan.move, disabled: safetyReason ? 0 : plan.disable,
        unchanged: plan.unchanged, held: plan.held, problems: await problems(), phaseMs, reconcile, plan: scope, failure: null, failedBy: noFailed(),
      };
    }

    await timed('push', () => pushPhase(ctx, planned));

    counts = await finalCounts(repos, runId, counts, plan);
    const status: RunStatus = safetyReason ? 'stopped' : counts.failed > 0 ? 'partial' : 'succeeded';
    const finishedAt = deps.clock();
    await repos.runs.finish(runId, { status, counts, finishedAtMs: finishedAt, safetyReason });
    log.info({ status, ...counts }, 'sync finished');
    return {
      runId, status, mode, dryRun: false, durationMs: finishedAt - started, safetyReason, error: null, ...counts, problems: await problems(), phaseMs, reconcile, plan: scope,
      ...(await outcomeOf(repos, runId, status)),
    };
  } catch (e) {
    if (opts.dryRun) throw coerceError(e);
    return failedRun(ctx, e, { mode, started, counts, phaseMs });
  }
}

/**
 * A run that failed: recorded as failed when the database still answers, and summed up with what it
 * counted so far either way, so that `--json` prints what happened even when the database is gone.
 */
async function failedRun(
  ctx: PhaseContext, e: unknown, run: { mode: RunMode; started: number; counts: RunCounts; phaseMs: Record<string, number> },
): Promise<RunSummary> {
  const { deps, repos, runId } = ctx;
  const err = deps.store.isUnavailable(e) ? new DatabaseUnreachableError(deps.store.address, e) : coerceError(e);
  const finishedAt = deps.clock();
  deps.log.error({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'sync failed');
  await repos.runs.finish(runId, { status: 'failed', counts: run.counts, finishedAtMs: finishedAt, error: err.message.slice(0, 2000) }).catch(() => {});
  return {
    runId, status: 'failed', mode: run.mode, dryRun: false, durationMs: finishedAt - run.started, safetyReason: null, error: err.message, ...run.counts,
    problems: {}, phaseMs: run.phaseMs, reconcile: null, ...(await outcomeOf(repos, runId, 'failed', err)),
  };
}
