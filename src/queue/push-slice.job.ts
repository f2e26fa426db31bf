import { UnrecoverableError, WaitingError, type Processor } from 'bullmq';
import type { PhaseContext } from '../sync/phase-context.js';
import { noProgress, type SyncDeps } from '../sync/ports.js';
import { limitBatchesInFlight } from '../sync/batches-in-flight.js';
import { pushPhase } from '../sync/push.phase.js';
import { keepRunLock } from '../sync/run-lock.js';
import { coerceError } from '../core/errors.js';
import { SyncLockLostError } from '../sync/sync-errors.js';
import type { PushSliceData, PushSliceResult } from './queues.js';

const NEVER: AbortSignal = new AbortController().signal;

/**
 * One slice of a run's push: the pending plan items in an external-id range. Idempotent: only
 * items still pending are sent, and the platform's PUT by external id makes a repeat harmless, so
 * a slice taken over from a worker that died ends in the same state. The slice keeps the run's
 * sync lock fresh while it works.
 *
 * `concurrency`: the push jobs the process pushes at once. Their batches in flight are shared, at
 * most `concurrency` × `sync.pushConcurrency` for the process, so the job the worker holds ahead
 * (see startWorkers) waits for a slot instead of adding to the platform's load.
 */
export function pushSliceProcessor(processDeps: SyncDeps, opts: { concurrency: number }): Processor<PushSliceData, PushSliceResult> {
  const deps: SyncDeps = { ...processDeps, accounts: limitBatchesInFlight(processDeps.accounts, opts.concurrency * processDeps.policy.sync.pushConcurrency) };
  const repos = deps.store.repos;
  return async (job, token, signal) => {
    const { runId, holder, after, upTo } = job.data;
    const run = await repos.runs.get(runId);
    // A slice of a run that ended (aborted and planned again, or finished) has nothing left to do.
    if (run?.status !== 'running') return { skipped: `run ${runId} is ${run?.status ?? 'gone'}` };
    let lock: { signal: AbortSignal; stop(): void };
    try {
      lock = await keepRunLock({ repos, holder, runId, clock: deps.clock, heartbeatMs: deps.policy.sync.lockHeartbeatSeconds * 1000 });
    } catch (e) {
      if (e instanceof SyncLockLostError) throw new UnrecoverableError(`run ${runId} no longer holds the sync lock: another sync took over`);
      throw e;
    }
    const abort = signal ?? NEVER;
    const log = deps.log.child({ runId, job: job.id });
    // Batches an earlier try could not deliver are sent again by this one.
    const again = await repos.plan.requeueUnanswered(runId, after, upTo);
    if (again.length > 0) {
      await repos.problems.deleteFor(runId, again, 'PUSH_FAILED');
      log.info({ items: again.length }, 'push job tried again: undelivered items are sent again');
    }
    const ctx: PhaseContext = { deps: { ...deps, log }, repos, runId, signal: AbortSignal.any([abort, lock.signal]), progress: noProgress };
    try {
      return await pushPhase(ctx, 0, { after, upTo });
    } catch (e) {
      if (abort.aborted) {
        // Shutting down: what is left of the slice goes back to the queue for this or another worker.
        log.info('push job handed back at shutdown');
        if (token !== undefined) await job.moveToWait(token);
        throw new WaitingError();
      }
      if (lock.signal.aborted) throw new UnrecoverableError(coerceError(lock.signal.reason).message);
      throw e;
    } finally {
      lock.stop();
    }
  };
}
