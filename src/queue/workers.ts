import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Policy } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { PUSH_QUEUE, RUNS_QUEUE, type PushSliceData, type PushSliceResult, type RunJobData, type RunJobResult } from './queues.js';

export interface RunningWorkers {
  /**
   * Stops taking jobs and waits for the jobs in hand; those still running after `graceMs` are told
   * to stop, and hand themselves back to the queue. With Redis away nothing can be handed back or
   * recorded: the workers are closed without waiting (`redisAway`), and a close that hangs is given
   * up after a few seconds: the jobs' locks expire and other workers take them up.
   */
  close(graceMs: number, redisAway?: boolean): Promise<void>;
}

const CLOSE_SLACK_MS = 3000;

export function startWorkers(input: {
  connection: Redis;
  policy: Policy;
  /** Push jobs one process pushes at once (the slice processor shares their batches in flight). */
  concurrency: number;
  runProcessor: Processor<RunJobData, RunJobResult>;
  sliceProcessor: Processor<PushSliceData, PushSliceResult>;
  log: Logger;
}): RunningWorkers {
  const { connection, policy, log } = input;
  const q = policy.queue;
  const common: WorkerOptions = {
    connection,
    prefix: q.prefix,
    lockDuration: Math.round(q.lockDurationSeconds * 1000),
    stalledInterval: Math.round(q.stalledIntervalSeconds * 1000),
    maxStalledCount: q.maxStalledCount,
  };
  const runs = new Worker<RunJobData, RunJobResult>(RUNS_QUEUE, input.runProcessor, { ...common, concurrency: 1 });
  // One push job more than are pushed at once: it reads its first batches while the others wait for
  // the platform, and sends them as soon as an answer frees a slot (limitBatchesInFlight), so the
  // platform is not left idle while a job records its last answers and the next one starts.
  const push = new Worker<PushSliceData, PushSliceResult>(PUSH_QUEUE, input.sliceProcessor, { ...common, concurrency: input.concurrency + 1 });
  for (const w of [runs, push]) {
    // Connection errors while Redis is away: BullMQ reconnects; they are worth a line, not a crash.
    w.on('error', (e) => log.warn({ queue: w.name, err: e.message }, 'worker error'));
    w.on('stalled', (jobId) => log.warn({ queue: w.name, job: jobId }, 'job stalled (its worker stopped); back in the queue for another worker'));
    w.on('failed', (job, e) => {
      const attempts = job?.opts.attempts ?? 1;
      log.warn({ queue: w.name, job: job?.id, attempt: job?.attemptsMade, attempts, err: e.message }, 'job failed');
    });
  }
  return {
    close: async (graceMs, redisAway = false) => {
      const timer = setTimeout(() => {
        log.warn({ graceMs }, 'jobs still running at the end of the grace period; handing them back');
        runs.cancelAllJobs('shutting down');
        push.cancelAllJobs('shutting down');
      }, graceMs);
      let giveUp: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<boolean>((resolve) => {
        giveUp = setTimeout(() => resolve(true), (redisAway ? 0 : graceMs) + CLOSE_SLACK_MS);
      });
      try {
        const closed = Promise.all([runs.close(redisAway), push.close(redisAway)]).then(() => false);
        if (await Promise.race([closed, gaveUp])) log.warn('workers did not close in time (Redis away?); going on without them');
      } finally {
        clearTimeout(timer);
        clearTimeout(giveUp);
      }
    },
  };
}
