import { coerceError } from '../core/errors.js';
import { tablesToAnalyse } from '../core/table-statistics.js';
import type { Repositories } from '../db/port.js';
import type { RunCounts, RunMode } from '../db/ports/sync-run.port.js';
import type { PlanCounts } from './plan.phase.js';
import type { SyncDeps } from './ports.js';
import { phaseTimer, pullAndPlan, type PlanScopeSummary } from './pull-and-plan.js';
import { TEACHER_CURSOR } from './pull-teachers.phase.js';
import { finalCounts, finalStatus, openRun, outcomeOf, recordAborted, recordFailure, runMode, zeroCounts, type RunSummary } from './run-lifecycle.js';

/**
 * A run split over several processes: one step pulls and plans (this file's first half), push jobs
 * push the plan in external-id ranges (pushPhase with a range), and one step tallies and finishes
 * the run (the second half). The phases and their order are those of runSync; what one step hands
 * to the next is plain JSON, kept with the queue's job.
 */
export interface PlannedRun {
  runId: number;
  mode: RunMode;
  startedAtMs: number;
  plannedAtMs: number;
  /** Pulled and quarantined; the rest is tallied at the end. */
  counts: RunCounts;
  plan: PlanCounts;
  safetyReason: string | null;
  /** Changes to push (the disables blocked by the safety limit excluded). */
  planned: number;
  /** A source shrank past the limit: nothing was planned, and the run ends halted. */
  halted?: boolean;
  phaseMs: Record<string, number>;
  /** Whom the plan covered. */
  scope?: PlanScopeSummary | null;
}

export interface QueuedRunOptions {
  full: boolean;
  allowMassDisable: boolean;
  signal: AbortSignal;
  /** Called once the run row exists, before anything else is written under it. */
  onRunId(runId: number): Promise<void>;
}

/** A push job that failed for good: its id and the error it kept. */
export interface FailedSlice {
  job: string;
  reason: string;
}

/**
 * Pull and plan, as runSync does, up to the push. The caller holds the sync lock. On failure the run
 * is recorded as failed (or aborted, when stopped from outside) and the error rethrown, so the
 * queue's retry starts a new run.
 */
export async function planQueuedRun(deps: SyncDeps, opts: QueuedRunOptions): Promise<PlannedRun> {
  const repos = deps.store.repos;
  const cursor = await repos.cursors.get(TEACHER_CURSOR);
  const run = await openRun(deps, repos, { mode: runMode(opts.full, cursor), startedAtMs: deps.clock(), signal: opts.signal });
  const counts = zeroCounts();
  try {
    await opts.onRunId(run.runId);
    run.log.info({ mode: run.mode, queued: true }, 'sync started');
    const { timed, phaseMs } = phaseTimer(run.ctx);
    const { plan, safetyReason, planned, halted, scope } = await pullAndPlan(run.ctx, { mode: run.mode, cursorMs: cursor, allowMassDisable: opts.allowMassDisable, counts }, timed);
    await repos.runs.setPhase(run.runId, 'push');
    return { runId: run.runId, mode: run.mode, startedAtMs: run.startedAtMs, plannedAtMs: deps.clock(), counts, plan, safetyReason, planned, phaseMs, halted, scope };
  } catch (e) {
    // Stopped from outside (shutdown, lock lost): not a failure of the run; the next one finishes it.
    if (opts.signal.aborted) await recordAborted(run, 'stopped while planning');
    else await recordFailure(run, e, counts);
    throw coerceError(e);
  }
}

/**
 * What push jobs that failed for good left pending is recorded as failed, with a problem per
 * teacher, so the run's counts say so and the next run plans those changes again.
 */
async function failLeftovers(repos: Repositories, runId: number, failed: readonly FailedSlice[]): Promise<number> {
  const detail = `not pushed: push job ${failed.map((f) => f.job).join(', ')} failed: ${failed[0]?.reason ?? ''}`.slice(0, 500);
  let n = 0;
  for (;;) {
    const items = await repos.plan.pending(runId, null, 1000);
    if (items.length === 0) return n;
    const rows = await repos.teachers.byIds([...new Set(items.map((i) => i.teacherId))]);
    await repos.plan.setState(runId, items.map((i) => i.externalId), 'failed', null, 'PUSH_JOB_FAILED');
    await repos.problems.insert(items.map((i) => {
      const row = rows.get(i.teacherId);
      return { runId, teacherId: i.teacherId, code: 'PUSH_FAILED', detail, institutionCode: row?.institutionCode ?? null, countyCode: row?.countyCode ?? null };
    }));
    n += items.length;
  }
}

/**
 * Tallies a queued run once its push jobs are done and finishes its row. Returns null when the run
 * was already finished (this step retried) or aborted (taken over): nothing after it may run twice.
 */
export async function finishQueuedRun(deps: SyncDeps, run: PlannedRun, failed: readonly FailedSlice[]): Promise<RunSummary | null> {
  const repos = deps.store.repos;
  const log = deps.log.child({ runId: run.runId });
  const current = await repos.runs.get(run.runId);
  if (current?.status !== 'running') return null;
  if (failed.length > 0) {
    const left = await failLeftovers(repos, run.runId, failed);
    log.error({ failedJobs: failed, itemsLeft: left }, 'push jobs failed for good; their changes are planned again by the next run');
  }
  const counts = await finalCounts(repos, run.runId, run.counts, run.plan);
  await repos.statistics.refresh(tablesToAnalyse('push', counts.created + counts.updated + counts.moved + counts.disabled));
  const status = finalStatus({ halted: run.halted, safetyReason: run.safetyReason, counts, failedJobs: failed.length });
  const error = failed.length === 0 ? null : `${failed.length} push job(s) failed: ${failed.map((f) => `${f.job}: ${f.reason}`).join('; ')}`.slice(0, 2000);
  const finishedAt = deps.clock();
  if (!(await repos.runs.finishIfRunning(run.runId, { status, counts, finishedAtMs: finishedAt, safetyReason: run.safetyReason, error }))) return null;
  log.info({ status, ...counts }, 'sync finished');
  return {
    runId: run.runId, status, mode: run.mode, dryRun: false, durationMs: finishedAt - run.startedAtMs, safetyReason: run.safetyReason, error,
    ...counts, problems: await repos.problems.countsByCode(run.runId), phaseMs: { ...run.phaseMs, push: finishedAt - run.plannedAtMs },
    reconcile: current.reconcile, plan: run.scope ?? null, ...(await outcomeOf(repos, run.runId, status)),
  };
}
