import { coerceError } from '../core/errors.js';
import { tablesToAnalyse } from '../core/table-statistics.js';
import type { Repositories } from '../db/port.js';
import type { RunCounts } from '../db/ports/sync-run.port.js';
import type { SyncDeps, SyncOptions } from './ports.js';
import { phaseTimer, pullAndPlan, type Planned } from './pull-and-plan.js';
import { TEACHER_CURSOR } from './pull-teachers.phase.js';
import { pushPhase } from './push.phase.js';
import {
  finalCounts, finalStatus, haltedOutcome, noFailed, openRun, runMode, outcomeOf, recordFailure, releaseHeldLock, reportRun, takeRunLock, zeroCounts,
  type OpenRun, type RunSummary,
} from './run-lifecycle.js';

export type { RunSummary, SummaryStatus } from './run-lifecycle.js';

class DryRunRollback extends Error {
  constructor(readonly summary: RunSummary) {
    super('dry run: rolled back');
  }
}

/**
 * One sync run: registry, schools, teachers, plan, safety limit, push. Holds the database's sync
 * lock throughout. A dry run does all but the push inside a transaction that is rolled back.
 */
export async function runSync(deps: SyncDeps, opts: SyncOptions): Promise<RunSummary> {
  const started = deps.clock();
  const lock = await takeRunLock(deps, deps.store.repos, started);
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.signal]) : lock.signal;
  try {
    if (opts.dryRun) return await dryRun(deps, opts, signal, started);
    const summary = await execute(deps, deps.store.repos, opts, { signal, started, onRunId: (id) => lock.setRun(id) });
    // Reports go out after the run is recorded; whatever happens to them, the run's outcome stands.
    await reportRun(deps, summary.runId);
    return summary;
  } finally {
    await releaseHeldLock(lock, deps.log);
  }
}

async function dryRun(deps: SyncDeps, opts: SyncOptions, signal: AbortSignal, started: number): Promise<RunSummary> {
  try {
    await deps.store.unitOfWork(async (repos) => {
      throw new DryRunRollback(await execute(deps, repos, opts, { signal, started, onRunId: () => {} }));
    });
  } catch (e) {
    if (e instanceof DryRunRollback) return e.summary;
    throw e;
  }
  throw new Error('dry run ended without a summary');
}

interface Execution {
  signal: AbortSignal;
  started: number;
  onRunId(id: number): void;
}

async function execute(deps: SyncDeps, repos: Repositories, opts: SyncOptions, x: Execution): Promise<RunSummary> {
  const cursor = await repos.cursors.get(TEACHER_CURSOR);
  const run = await openRun(deps, repos, { mode: runMode(opts.full, cursor), startedAtMs: x.started, signal: x.signal });
  x.onRunId(run.runId);
  run.log.info({ mode: run.mode, dryRun: opts.dryRun }, 'sync started');
  let counts = zeroCounts();
  const { timed, phaseMs } = phaseTimer(run.ctx);
  const base = { runId: run.runId, mode: run.mode, dryRun: opts.dryRun, error: null, phaseMs };
  try {
    const planned = await pullAndPlan(run.ctx, {
      mode: run.mode, cursorMs: cursor, allowMassDisable: opts.allowMassDisable, allowShrink: Boolean(opts.allowShrink), replanAll: Boolean(opts.replanAll), counts,
    }, timed);
    const problems = async () => repos.problems.countsByCode(run.runId);
    if (planned.halted) {
      const finishedAt = deps.clock();
      if (!opts.dryRun) await repos.runs.finish(run.runId, { status: 'halted', counts, finishedAtMs: finishedAt, safetyReason: planned.safetyReason });
      return { ...base, status: 'halted', durationMs: finishedAt - x.started, safetyReason: planned.safetyReason, ...counts, problems: await problems(), reconcile: planned.reconcile, ...haltedOutcome() };
    }
    if (opts.dryRun) return { ...base, ...plannedCounts(counts, planned), durationMs: deps.clock() - x.started, problems: await problems() };
    await timed('push', () => pushPhase(run.ctx, planned.planned));
    counts = await finalCounts(repos, run.runId, counts, planned.plan);
    await repos.statistics.refresh(tablesToAnalyse('push', counts.created + counts.updated + counts.moved + counts.disabled));
    return { ...base, ...(await finish(run, counts, planned)), problems: await problems() };
  } catch (e) {
    if (opts.dryRun) throw coerceError(e);
    const failed = await recordFailure(run, e, counts);
    return {
      ...base, status: 'failed', durationMs: failed.finishedAtMs - x.started, safetyReason: null, error: failed.error.message, ...counts,
      problems: {}, reconcile: null, failure: failed.failure, failedBy: failed.failedBy,
    };
  }
}

/** What a dry run would have done: the plan's counts, the disables the safety limit keeps back left out. */
function plannedCounts(counts: RunCounts, p: Planned): Omit<RunSummary, 'runId' | 'mode' | 'dryRun' | 'error' | 'phaseMs' | 'durationMs' | 'problems'> {
  return {
    status: 'planned', safetyReason: p.safetyReason, ...counts, created: p.plan.create, updated: p.plan.update, moved: p.plan.move,
    disabled: p.safetyReason ? 0 : p.plan.disable, unchanged: p.plan.unchanged, held: p.plan.held, reconcile: p.reconcile, plan: p.scope,
    failure: null, failedBy: noFailed(),
  };
}

/** Finishes a run that pushed its plan, by the one status rule. */
async function finish(run: OpenRun, counts: RunCounts, p: Planned) {
  const { deps, repos } = run.ctx;
  const status = finalStatus({ safetyReason: p.safetyReason, counts });
  const finishedAt = deps.clock();
  await repos.runs.finish(run.runId, { status, counts, finishedAtMs: finishedAt, safetyReason: p.safetyReason });
  run.log.info({ status, ...counts }, 'sync finished');
  return {
    status, durationMs: finishedAt - run.startedAtMs, safetyReason: p.safetyReason, ...counts, reconcile: p.reconcile, plan: p.scope,
    ...(await outcomeOf(repos, run.runId, status)),
  };
}
