import { DelayedError, WaitingChildrenError, WaitingError, type Job, type Processor } from 'bullmq';
import type { SyncDeps } from '../sync/ports.js';
import { finishQueuedRun, planQueuedRun, type FailedSlice } from '../sync/queued-run.js';
import { acquireRunLock, keepRunLock, releaseRunLock, sharedLockHolder, type HeldLock } from '../sync/run-lock.js';
import { coerceError, SyncAlreadyRunningError, SyncLockLostError } from '../sync/sync-errors.js';
import { abortRunsLeft, type RunSummary } from '../sync/sync-run.js';
import { sliceJobId } from './job-ids.js';
import { laterSlotThan, type PushSliceData, type Queues, type RunJobData, type RunJobResult, type RunStep } from './queues.js';

export interface RunJobContext {
  deps: SyncDeps;
  queues: Queues;
  /** What follows a finished run besides its reports (metrics): called once per run. */
  afterRun(summary: RunSummary): Promise<void>;
}

const NEVER: AbortSignal = new AbortController().signal;

function tokenOf(token: string | undefined): string {
  if (token === undefined) throw new Error('the worker gave no lock token');
  return token;
}

/** `bull:push:run-5-mh3k2x1c-push-3` → `run-5-mh3k2x1c-push-3` (job ids contain no ':'). */
function jobIdOfKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
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
  const { deps, queues } = ctx;
  const repos = deps.store.repos;
  const { sync, queue } = deps.policy;

  const setStep = async (job: Job<RunJobData, RunJobResult>, step: RunStep, extra: Partial<RunJobData> = {}) => {
    await job.updateData({ ...job.data, ...extra, step });
  };

  const plan = async (job: Job<RunJobData, RunJobResult>, token: string, signal: AbortSignal): Promise<void> => {
    const holder = sharedLockHolder(job.id ?? job.name);
    let lock: HeldLock;
    try {
      lock = await acquireRunLock({
        repos, host: deps.host, pid: deps.pid, clock: deps.clock, isProcessAlive: deps.isProcessAlive, holder,
        heartbeatMs: sync.lockHeartbeatSeconds * 1000, staleMs: sync.lockStaleSeconds * 1000,
        onHeartbeatError: (e) => deps.log.warn({ err: coerceError(e).message }, 'lock heartbeat failed'),
      });
    } catch (e) {
      if (!(e instanceof SyncAlreadyRunningError)) throw e;
      // Not a failure: this run's turn comes when the other sync ends (or goes stale).
      deps.log.info({ job: job.id, holder: e.holder.holder, runId: e.holder.runId }, 'another sync holds the lock; the run waits');
      await job.moveToDelayed(Date.now() + queue.lockWaitSeconds * 1000, token);
      throw new DelayedError();
    }
    let keepLock = false;
    try {
      const now = deps.clock();
      if (lock.tookOver && lock.tookOver.holder !== holder) {
        const n = await abortRunsLeft(repos, now, `process ${lock.tookOver.pid} on ${lock.tookOver.host} stopped before finishing`);
        deps.log.warn({ previous: lock.tookOver, aborted: n }, 'took over the lock of a sync that stopped; its run is marked aborted');
      }
      if (job.data.runId !== undefined && (await repos.runs.abortOne(job.data.runId, now, 'its plan step started again after the worker stopped'))) {
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
      const bounds = await repos.plan.sliceBounds(planned.runId, queue.sliceSize);
      const slices: PushSliceData[] = planned.planned === 0 ? [] : [...bounds, null].map((upTo, i) => ({
        runId: planned.runId, holder, n: i + 1, after: i === 0 ? null : (bounds[i - 1] ?? null), upTo,
      }));
      await queues.push.addBulk(slices.map((data) => ({
        name: 'push',
        data,
        opts: {
          jobId: sliceJobId(data.runId, planned.startedAtMs, data.n),
          parent: { id: job.id ?? '', queue: job.queueQualifiedName },
          // A slice that keeps failing is kept as failed and read by the finish step; the others go on.
          ignoreDependencyOnFailure: true,
        },
      })));
      deps.log.info({ runId: planned.runId, job: job.id, planned: planned.planned, slices: slices.length }, 'run planned; push jobs added');
      await setStep(job, 'push', { runId: planned.runId, planned });
      keepLock = true;
    } finally {
      if (keepLock) lock.detach();
      else await lock.release().catch((e: unknown) => deps.log.warn({ err: coerceError(e).message }, 'could not release the sync lock'));
    }
  };

  const finish = async (job: Job<RunJobData, RunJobResult>): Promise<void> => {
    const planned = job.data.planned;
    if (!planned) throw new Error(`job ${job.id ?? ''} reached its finish step without a plan`);
    const holder = sharedLockHolder(job.id ?? job.name);
    let keep: { stop(): void } | null = null;
    try {
      keep = await keepRunLock({ repos, holder, runId: planned.runId, clock: deps.clock, heartbeatMs: sync.lockHeartbeatSeconds * 1000 });
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
  };

  /**
   * A scheduled run whose slot a later slot's run job has overtaken (it waited for the lock while
   * the later one was enqueued, or ran) is skipped, and says so: the later run covers its work, and
   * the runs of a schedule start in slot order. A plan step started again after a crash goes on.
   */
  const supersededSlot = async (job: Job<RunJobData, RunJobResult>): Promise<boolean> => {
    const { trigger, slot, runId } = job.data;
    if (trigger !== 'schedule' || slot === null || runId !== undefined) return false;
    const later = await laterSlotThan(queues, slot);
    if (later === null) return false;
    deps.log.warn({ job: job.id, slot, later }, 'schedule slot superseded by a later slot: skipped, the later run covers it');
    return true;
  };

  /** The run's reports (as runSync sends them: a failure is logged, never the run's), then the rest. */
  const report = async (summary: RunSummary): Promise<void> => {
    if (summary.runId !== null) {
      await deps.reporter?.afterRun(summary.runId).catch((e: unknown) => deps.log.error({ runId: summary.runId, err: coerceError(e).message }, 'reports of the run failed'));
    }
    await ctx.afterRun(summary);
  };

  return async (job, token, signal) => {
    const lockToken = tokenOf(token);
    const abort = signal ?? NEVER;
    try {
      for (;;) {
        const step: RunStep = job.data.step ?? 'plan';
        switch (step) {
          case 'plan':
            if (await supersededSlot(job)) await setStep(job, 'done');
            else await plan(job, lockToken, abort);
            break;
          case 'push':
            if (await job.moveToWaitingChildren(lockToken)) throw new WaitingChildrenError();
            await setStep(job, 'finish');
            break;
          case 'finish':
            await finish(job);
            break;
          case 'report':
            if (job.data.summary) await report(job.data.summary);
            await setStep(job, 'done');
            break;
          case 'done':
            return job.data.summary ?? null;
        }
      }
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
