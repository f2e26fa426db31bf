import type { Repositories } from '../db/port.js';
import type { RunCounts, RunMode, RunStatus } from '../db/repositories/sync-run.repository.js';
import type { ProblemRecord } from '../db/repositories/sync-problem.repository.js';
import type { PhaseContext } from './phase-context.js';
import type { PlanCounts } from './plan.phase.js';
import { noProgress, type SyncDeps } from './ports.js';
import { phaseTimer, pullAndPlan, type PlanScopeSummary } from './pull-and-plan.js';
import { TEACHER_CURSOR } from './pull-teachers.phase.js';
import { coerceError } from './sync-errors.js';
import { finalCounts, outcomeOf, zeroCounts, type RunSummary } from './sync-run.js';

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
 * is recorded as failed and the error rethrown, so the queue's retry starts a new run.
 */
export async function planQueuedRun(deps: SyncDeps, opts: QueuedRunOptions): Promise<PlannedRun> {
  const started = deps.clock();
  const repos = deps.store.repos;
  const cursor = await repos.cursors.get(TEACHER_CURSOR);
  const mode: RunMode = opts.full || cursor === null ? 'full' : 'delta';
  const runId = await repos.runs.create({ mode, host: deps.host, pid: deps.pid, startedAtMs: started });
  const log = deps.log.child({ runId });
  const counts = zeroCounts();
  try {
    await opts.onRunId(runId);
    log.info({ mode, queued: true }, 'sync started');
    const ctx: PhaseContext = { deps: { ...deps, log }, repos, runId, signal: opts.signal, progress: deps.progress ?? noProgress };
    const { timed, phaseMs } = phaseTimer(ctx);
    const { plan, safetyReason, planned, halted, scope } = await pullAndPlan(ctx, { mode, cursorMs: cursor, allowMassDisable: opts.allowMassDisable, counts }, timed);
    await repos.runs.setPhase(runId, 'push');
    return { runId, mode, startedAtMs: started, plannedAtMs: deps.clock(), counts, plan, safetyReason, planned, phaseMs, halted, scope };
  } catch (e) {
    const err = coerceError(e);
    if (opts.signal.aborted) {
      // Stopped from outside (shutdown, lock lost): not a failure of the run; the next one finishes it.
      const reason = coerceError(opts.signal.reason).message;
      log.warn({ reason }, 'sync stopped before its push; run marked aborted');
      await repos.runs.abortOne(runId, deps.clock(), `stopped while planning: ${reason}`.slice(0, 2000)).catch(() => {});
      throw err;
    }
    log.error({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'sync failed');
    await repos.runs.finish(runId, { status: 'failed', counts, finishedAtMs: deps.clock(), error: err.message.slice(0, 2000) }).catch(() => {});
    throw err;
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
    const rows = await repos.teachers.byIds([...new Set(items.map((i) => i.teacher_id))]);
    const problems: ProblemRecord[] = items.map((i) => {
      const row = rows.get(i.teacher_id);
      return { runId, teacherId: i.teacher_id, code: 'PUSH_FAILED', detail, institutionCode: row?.institution_code ?? null, countyCode: row?.county_code ?? null };
    });
    await repos.plan.setState(runId, items.map((i) => i.external_id), 'failed', null, 'PUSH_JOB_FAILED');
    await repos.problems.insert(problems);
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
  const pushedAny = counts.created + counts.updated + counts.moved + counts.disabled > 0;
  const status: RunStatus = run.halted ? 'halted' : run.safetyReason ? 'stopped' : failed.length > 0 && !pushedAny ? 'failed' : counts.failed > 0 ? 'partial' : 'succeeded';
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
