import type { Logger } from 'pino';
import type { ReconcileCounts } from '../core/account-reconciliation.js';
import { abortReasonOf, coerceError, DatabaseUnreachableError, errorCodeOf } from '../core/errors.js';
import { failureCodeOf, runFailure, splitFailed, type FailedSplit, type RunFailure } from '../core/run-failure.js';
import type { Repositories } from '../db/port.js';
import type { RunCounts, RunMode, RunStatus } from '../db/ports/sync-run.port.js';
import type { PhaseContext } from './phase-context.js';
import type { PlanCounts } from './plan.phase.js';
import { noProgress, type SyncDeps } from './ports.js';
import type { PlanScopeSummary } from './pull-and-plan.js';
import { acquireRunLock, type HeldLock } from './run-lock.js';

/**
 * The life of a run, the same for a sync, a queued run and a reconciliation: the lock is taken, the
 * run row is created with its logger and context, and the run ends once, by the one status rule,
 * as finished, failed (what it counted so far kept, the failure named) or aborted (what the
 * platform confirmed kept).
 */

export type SummaryStatus = RunStatus | 'planned';

/** Why a run did not simply succeed, and its failed changes, as every summary names them. */
export interface RunOutcome {
  /** Why the run did not simply succeed (null when it did); the exit code follows from it. */
  failure: RunFailure | null;
  /** The failed changes: refused by the platform, or never answered by it after every retry. */
  failedBy: FailedSplit;
}

/** What a run did, as printed by `sync --json` and kept in the database. */
export interface RunSummary extends RunCounts, RunOutcome {
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
}

export const noFailed = (): FailedSplit => ({ refused: 0, unavailable: 0 });

export const zeroCounts = (): RunCounts => ({ pulled: 0, quarantined: 0, created: 0, updated: 0, moved: 0, disabled: 0, unchanged: 0, failed: 0, held: 0 });

/** The outcome of a run that stopped itself before changing anything (a source shrank). */
export const haltedOutcome = (): RunOutcome => ({ failure: 'source-check', failedBy: noFailed() });

/**
 * How a run ended, from what it did: halted by the source check, stopped by the safety limit,
 * failed when push jobs failed for good and nothing was pushed, partial when some changes failed.
 */
export function finalStatus(run: { halted?: boolean | undefined; safetyReason: string | null; counts: RunCounts; failedJobs?: number }): RunStatus {
  if (run.halted) return 'halted';
  if (run.safetyReason) return 'stopped';
  const pushedAny = run.counts.created + run.counts.updated + run.counts.moved + run.counts.disabled > 0;
  if ((run.failedJobs ?? 0) > 0 && !pushedAny) return 'failed';
  return run.counts.failed > 0 ? 'partial' : 'succeeded';
}

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
 * The failure a recorded run names. Its failed changes are read back; when the database is the
 * reason the run failed, what cannot be read counts as none.
 */
export async function outcomeOf(repos: Repositories, runId: number | null, status: SummaryStatus, error: unknown = null): Promise<RunOutcome> {
  const failedBy = runId === null ? noFailed() : splitFailed(await repos.plan.failedByResult(runId).catch(() => []));
  return { failure: runFailure({ status, failedBy, errorCode: error === null ? null : failureCodeOf(error) }), failedBy };
}

/**
 * Marks a run aborted, with the changes the platform confirmed to it (recorded as they were
 * answered): such a run says what it did, and the run that takes over counts only what it pushes
 * itself. Changes it never sent are not failures: the next plan has them again.
 */
export async function abortRun(repos: Repositories, runId: number, now: number, reason: string): Promise<boolean> {
  const { failed: _unsent, ...confirmed } = await pushedCounts(repos, runId);
  return repos.runs.abortOne(runId, now, reason.slice(0, 2000), confirmed);
}

/** Marks aborted the runs a process that died left running. */
export async function abortRunsLeft(repos: Repositories, now: number, reason: string): Promise<number> {
  let n = 0;
  for (const id of await repos.runs.runningIds()) if (await abortRun(repos, id, now, reason)) n++;
  return n;
}

/**
 * Takes the database's sync lock for a run; a run left by a process that died is marked aborted.
 * Whatever writes accounts (a sync, a reconciliation, a queued run's steps) holds it throughout.
 * With `holder` (a queued run's shared holder) a lock this holder already had is taken again.
 */
export async function takeRunLock(deps: SyncDeps, repos: Repositories, now: number, holder?: string): Promise<HeldLock> {
  const lock = await acquireRunLock({
    repos, host: deps.host, pid: deps.pid, clock: deps.clock, isProcessAlive: deps.isProcessAlive, ...(holder === undefined ? {} : { holder }),
    heartbeatMs: deps.policy.sync.lockHeartbeatSeconds * 1000, staleMs: deps.policy.sync.lockStaleSeconds * 1000,
    onHeartbeatError: (e) => deps.log.warn({ err: coerceError(e).message }, 'lock heartbeat failed'),
  });
  try {
    if (lock.tookOver && lock.tookOver.holder !== holder) {
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
 * Releases the lock. A database gone away cannot release it: it goes stale and the next run takes
 * it over. The run's outcome, already decided, is still what the caller gets.
 */
export async function releaseHeldLock(lock: HeldLock, log: Logger): Promise<void> {
  await lock.release().catch((e: unknown) => log.warn({ err: coerceError(e).message }, 'could not release the sync lock; it goes stale and the next run takes it over'));
}

/** A full run when asked for one or when no run has pulled before; a delta run otherwise. */
export function runMode(full: boolean, cursorMs: number | null): RunMode {
  return full || cursorMs === null ? 'full' : 'delta';
}

/** A run that has its row: its id, its logger (which names it) and what its phases get. */
export interface OpenRun {
  runId: number;
  mode: RunMode;
  startedAtMs: number;
  log: Logger;
  ctx: PhaseContext;
}

/** Creates the run's row, its logger and the context its phases share. */
export async function openRun(deps: SyncDeps, repos: Repositories, run: { mode: RunMode; startedAtMs: number; signal: AbortSignal }): Promise<OpenRun> {
  const runId = await repos.runs.create({ mode: run.mode, host: deps.host, pid: deps.pid, startedAtMs: run.startedAtMs });
  const log = deps.log.child({ runId });
  const ctx: PhaseContext = { deps: { ...deps, log }, repos, runId, signal: run.signal, progress: deps.progress ?? noProgress };
  return { runId, mode: run.mode, startedAtMs: run.startedAtMs, log, ctx };
}

/** The error a failed run names: a database that stopped answering is named by its `host:port`. */
export function runError(deps: SyncDeps, e: unknown): Error {
  return deps.store.isUnavailable(e) ? new DatabaseUnreachableError(deps.store.address, e) : coerceError(e);
}

/**
 * Records a run that failed: as failed when the database still answers, with what it counted so
 * far, and says why either way, so that `--json` prints what happened even when the database is gone.
 */
export async function recordFailure(run: OpenRun, e: unknown, counts: RunCounts, what = 'sync'): Promise<{ error: Error; finishedAtMs: number } & RunOutcome> {
  const { deps, repos } = run.ctx;
  const error = runError(deps, e);
  const finishedAtMs = deps.clock();
  run.log.error({ err: { message: error.message, code: errorCodeOf(error) ?? undefined } }, `${what} failed`);
  await repos.runs.finish(run.runId, { status: 'failed', counts, finishedAtMs, error: error.message.slice(0, 2000) }).catch(() => {});
  return { error, finishedAtMs, ...(await outcomeOf(repos, run.runId, 'failed', error)) };
}

/**
 * Records a run stopped from outside (shutdown, the lock lost) as aborted: not a failure of the
 * run; the next one finishes its work. `when` says where it was (`stopped while planning`).
 */
export async function recordAborted(run: OpenRun, when: string): Promise<void> {
  const reason = abortReasonOf(run.ctx.signal).message;
  run.log.warn({ reason, when }, 'run stopped from outside; marked aborted');
  await abortRun(run.ctx.repos, run.runId, run.ctx.deps.clock(), `${when}: ${reason}`).catch(() => {});
}

/** Sends a finished run's reports. Whatever happens to them, the run's outcome stands. */
export async function reportRun(deps: SyncDeps, runId: number | null): Promise<void> {
  if (runId === null) return;
  await deps.reporter?.afterRun(runId).catch((e: unknown) => deps.log.error({ runId, err: coerceError(e).message }, 'reports of the run failed'));
}
