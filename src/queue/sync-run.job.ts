import { DelayedError, WaitingChildrenError, WaitingError, type Job, type Processor } from 'bullmq';
import type { SyncDeps } from '../sync/ports.js';
import { finishQueuedRun, planQueuedRun, type FailedSlice, type PlannedRun } from '../sync/queued-run.js';
import { abortRun, releaseHeldLock, reportRun, takeRunLock, type RunSummary } from '../sync/run-lifecycle.js';
import { keepRunLock, releaseRunLock, sharedLockHolder, type HeldLock } from '../sync/run-lock.js';
import { SyncAlreadyRunningError, SyncLockLostError } from '../sync/sync-errors.js';
import { sliceJobId } from './job-ids.js';
import { laterSlotThan, type PushSliceData, type Queues, type RunJobData, type RunJobResult, type RunStep } from './queues.js';

export interface RunJobContext {
  deps: SyncDeps;
  queues: Queues;
  /** What follows a finished run besides its reports (metrics): called once per run. */
  afterRun(summary: RunSummary): Promise<void>;
}

type RunJob = Job<RunJobData, RunJobResult>;

const NEVER: AbortSignal = new AbortController().signal;

function tokenOf(token: string | undefined): string {
  if (token === undefined) throw new Error('the worker gave no lock token');
  return token;
}

/** `bull:push:run-5-mh3k2x1c-push-3` → `run-5-mh3k2x1c-push-3` (job ids contain no ':'). */
function jobIdOfKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

async function setStep(job: RunJob, step: RunStep, extra: Partial<RunJobData> = {}): Promise<void> {
  await job.updateData({ ...job.data, ...extra, step });
}

/**
 * The run's lock under its shared holder. Another sync holding it is not a failure: this run's
 * turn comes when the other one ends (or goes stale), so the job waits.
 */
async function lockOrWait(ctx: RunJobContext, job: RunJob, token: string, holder: string): Promise<HeldLock> {
  const { deps } = ctx;
  try {
    return await takeRunLock(deps, deps.store.repos, deps.clock(), holder);
  } catch (e) {
    if (!(e instanceof SyncAlreadyRunningError)) throw e;
    deps.log.info({ job: job.id, holder: e.holder.holder, runId: e.holder.runId }, 'another sync holds the lock; the run waits');
    await job.moveToDelayed(Date.now() + deps.policy.queue.lockWaitSeconds * 1000, token);
    throw new DelayedError();
  }
}

/** One push job per slice of the plan, as children of the run's job. */
async function addPushJobs(ctx: RunJobContext, job: RunJob, planned: PlannedRun, holder: string): Promise<number> {
  const bounds = await ctx.deps.store.repos.plan.sliceBounds(planned.runId, ctx.deps.policy.queue.sliceSize);
  const slices: PushSliceData[] = planned.planned === 0 ? [] : [...bounds, null].map((upTo, i) => ({
    runId: planned.runId, holder, n: i + 1, after: i === 0 ? null : (bounds[i - 1] ?? null), upTo,
  }));
  await ctx.queues.push.addBulk(slices.map((data) => ({
    name: 'push',
    data,
    opts: {
      jobId: sliceJobId(data.runId, planned.startedAtMs, data.n),
      parent: { id: job.id ?? '', queue: job.queueQualifiedName },
      // A slice that keeps failing is kept as failed and read by the finish step; the others go on.
      ignoreDependencyOnFailure: true,
    },
  })));
  return slices.length;
}

/** Take the sync lock under the run's shared holder, pull and plan, add the push jobs. */
async function planStep(ctx: RunJobContext, job: RunJob, token: string, signal: AbortSignal): Promise<void> {
  const { deps } = ctx;
  const holder = sharedLockHolder(job.id ?? job.name);
  const lock = await lockOrWait(ctx, job, token, holder);
  let keepLock = false;
  try {
    if (job.data.runId !== undefined && (await abortRun(deps.store.repos, job.data.runId, deps.clock(), 'its plan step started again after the worker stopped'))) {
      deps.log.warn({ runId: job.data.runId, job: job.id }, 'a half-planned run is marked aborted and planned again');
    }
    const planned = await planQueuedRun(deps, {
      full: job.data.full,
      allowMassDisable: job.data.allowMassDisable,
      signal: AbortSignal.any([signal, lock.signal]),
      onRunId: async (runId) => {
        lock.setRun(runId);
        await job.updateData({ ...job.data, runId });
      },
    });
    const slices = await addPushJobs(ctx, job, planned, holder);
    deps.log.info({ runId: planned.runId, job: job.id, planned: planned.planned, slices }, 'run planned; push jobs added');
    await setStep(job, 'push', { runId: planned.runId, planned });
    keepLock = true;
  } finally {
    if (keepLock) lock.detach();
    else await releaseHeldLock(lock, deps.log);
  }
}

/** Tally, record the children that failed for good, finish the run row (once), release the lock. */
async function finishStep(ctx: RunJobContext, job: RunJob): Promise<void> {
  const { deps } = ctx;
  const repos = deps.store.repos;
  const planned = job.data.planned;
  if (!planned) throw new Error(`job ${job.id ?? ''} reached its finish step without a plan`);
  const holder = sharedLockHolder(job.id ?? job.name);
  let keep: { stop(): void } | null = null;
  try {
    keep = await keepRunLock({ repos, holder, runId: planned.runId, clock: deps.clock, heartbeatMs: deps.policy.sync.lockHeartbeatSeconds * 1000 });
  } catch (e) {
    // Taken over: the run is aborted already, and finishing it below changes nothing.
    if (!(e instanceof SyncLockLostError)) throw e;
  }
  try {
    const failed: FailedSlice[] = Object.entries(await job.getIgnoredChildrenFailures()).map(([key, reason]) => ({ job: jobIdOfKey(key), reason }));
    const summary = await finishQueuedRun(deps, planned, failed);
    if (summary) await setStep(job, 'report', { summary });
    else {
      deps.log.warn({ runId: planned.runId, job: job.id }, 'the run was finished or aborted elsewhere; nothing more to do');
      await setStep(job, 'done');
    }
    if (keep) await releaseRunLock(repos, holder);
  } finally {
    keep?.stop();
  }
}

/**
 * A scheduled run whose slot a later slot's run job has overtaken (it waited for the lock while
 * the later one was enqueued, or ran) is skipped, and says so: the later run covers its work, and
 * the runs of a schedule start in slot order. A plan step started again after a crash goes on.
 */
async function supersededSlot(ctx: RunJobContext, job: RunJob): Promise<boolean> {
  const { trigger, slot, runId } = job.data;
  if (trigger !== 'schedule' || slot === null || runId !== undefined) return false;
  const later = await laterSlotThan(ctx.queues, slot);
  if (later === null) return false;
  ctx.deps.log.warn({ job: job.id, slot, later }, 'schedule slot superseded by a later slot: skipped, the later run covers it');
  return true;
}

/** Runs the job's current step; false once the job is done. */
async function runStep(ctx: RunJobContext, job: RunJob, token: string, signal: AbortSignal): Promise<boolean> {
  const step: RunStep = job.data.step ?? 'plan';
  switch (step) {
    case 'plan':
      if (await supersededSlot(ctx, job)) await setStep(job, 'done');
      else await planStep(ctx, job, token, signal);
      return true;
    case 'push':
      if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
      await setStep(job, 'finish');
      return true;
    case 'finish':
      await finishStep(ctx, job);
      return true;
    case 'report':
      // The run's reports (as runSync sends them: a failure is logged, never the run's), then the rest.
      if (job.data.summary) {
        await reportRun(ctx.deps, job.data.summary.runId);
        await ctx.afterRun(job.data.summary);
      }
      await setStep(job, 'done');
      return true;
    case 'done':
      return false;
  }
}

/**
 * One run as a job that goes through steps (BullMQ's step-job pattern; the step is kept in the
 * job's data, so a retried or resumed job takes up where it was):
 *   plan   take the sync lock under the run's shared holder, pull and plan, add one push job per
 *          slice of the plan as children of this job;
 *   push   wait for the children (BullMQ moves this job on when the last one is done or failed);
 *   finish tally, record the children that failed for good, finish the run row (once: the row's
 *          status guards it), release the lock;
 *   report what follows a run; then done.
 */
export function syncRunProcessor(ctx: RunJobContext): Processor<RunJobData, RunJobResult> {
  return async (job, token, signal) => {
    const lockToken = tokenOf(token);
    const abort = signal ?? NEVER;
    try {
      while (await runStep(ctx, job, lockToken, abort));
      return job.data.summary ?? null;
    } catch (e) {
      if (abort.aborted && !(e instanceof DelayedError) && !(e instanceof WaitingChildrenError)) {
        // Shutting down: the job goes back to the queue unharmed, for this or another worker.
        await job.moveToWait(lockToken);
        throw new WaitingError();
      }
      throw e;
    }
  };
}
