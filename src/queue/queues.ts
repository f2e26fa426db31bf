import { randomUUID } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Policy } from '../config/config.js';
import type { PlannedRun } from '../sync/queued-run.js';
import type { PushCounts } from '../sync/push.phase.js';
import type { RunSummary } from '../sync/sync-run.js';

/** One job per run: plans, waits for its push jobs, finishes. At most one is active at a time. */
export const RUNS_QUEUE = 'runs';
/** The push jobs of the runs, shared by every worker. */
export const PUSH_QUEUE = 'push';

export type RunStep = 'plan' | 'push' | 'finish' | 'report' | 'done';

export interface RunJobData {
  trigger: 'schedule' | 'manual';
  /** The schedule slot, ISO 8601, for a scheduled run. */
  slot: string | null;
  full: boolean;
  allowMassDisable: boolean;
  /** Where a retried or resumed job takes up: BullMQ's step-job pattern. */
  step?: RunStep;
  runId?: number;
  planned?: PlannedRun;
  summary?: RunSummary;
  /** Set by the call that added the job, so that it can tell its job from one already there. */
  enqueuedAs?: string;
}

/** The run's summary, or null when the run was finished elsewhere (taken over). */
export type RunJobResult = RunSummary | null;

export interface PushSliceData {
  runId: number;
  /** The sync lock's holder of the run, refreshed while the slice works. */
  holder: string;
  n: number;
  /** The slice: external ids in (after, upTo]. */
  after: string | null;
  upTo: string | null;
}

export type PushSliceResult = PushCounts | { skipped: string };

export interface Queues {
  runs: Queue<RunJobData, RunJobResult>;
  push: Queue<PushSliceData, PushSliceResult>;
  prefix: string;
  close(): Promise<void>;
}

/** Retries with exponential backoff; finished jobs are kept so that their ids stay taken. */
export function jobDefaults(policy: Policy): JobsOptions {
  const q = policy.queue;
  const keep = { age: Math.round(q.keepFinishedDays * 86_400) };
  return {
    attempts: q.attempts,
    backoff: { type: 'exponential', delay: Math.round(q.backoffSeconds * 1000) },
    removeOnComplete: keep,
    removeOnFail: keep,
  };
}

/** Both queues over one connection (BullMQ leaves a connection it is given open: its owner closes it). */
export function openQueues(connection: Redis, policy: Policy, onError: (e: Error) => void): Queues {
  const prefix = policy.queue.prefix;
  const defaultJobOptions = jobDefaults(policy);
  const runs = new Queue<RunJobData, RunJobResult>(RUNS_QUEUE, { connection, prefix, defaultJobOptions });
  const push = new Queue<PushSliceData, PushSliceResult>(PUSH_QUEUE, { connection, prefix, defaultJobOptions });
  runs.on('error', onError);
  push.on('error', onError);
  return {
    runs, push, prefix,
    close: async () => {
      await Promise.all([runs.close(), push.close()]);
    },
  };
}

/**
 * Runs never overlap, whichever host works them. Stored in Redis, so it is set again whenever the
 * connection comes back: a Redis that restarted empty has forgotten it.
 */
export function limitRunsToOne(connection: Redis, queues: Queues, onError: (e: Error) => void): void {
  const apply = () => {
    queues.runs.setGlobalConcurrency(1).catch(onError);
  };
  apply();
  connection.on('ready', apply);
}

/**
 * Enqueues a run under `jobId`; a job already there under that id is left as it is. Returns whether
 * this call added it (false: another daemon, or an earlier call, had). BullMQ answers a duplicate id
 * with the existing job's id and no error, so the job's data is read back to tell them apart.
 */
export async function enqueueRun(queues: Queues, jobId: string, data: RunJobData): Promise<boolean> {
  const mark = randomUUID();
  await queues.runs.add('run', { ...data, step: 'plan', enqueuedAs: mark }, { jobId });
  const job = await queues.runs.getJob(jobId);
  return job?.data.enqueuedAs === mark;
}

/** States of a run job that has not failed for good: it will run, runs, or ran. */
const LIVE_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'waiting-children', 'completed'] as const;

/**
 * The latest schedule slot after `slot` whose run job is enqueued, running or done; null when none.
 * A slot later than a scheduled run's own covers all it would do (a delta from the cursor).
 */
export async function laterSlotThan(queues: Queues, slot: string): Promise<string | null> {
  let later: string | null = null;
  for (const job of await queues.runs.getJobs([...LIVE_STATES])) {
    const other = job.data.trigger === 'schedule' ? job.data.slot : null;
    if (other !== null && other > slot && (later === null || other > later)) later = other;
  }
  return later;
}
