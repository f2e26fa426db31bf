import type { Job } from 'bullmq';
import type { Queues } from './queues.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
export type JobState = (typeof STATES)[number];

export interface JobLine {
  queue: string;
  id: string;
  /** A run job's step, or the run a push job belongs to. */
  detail: string;
  attemptsMade: number;
  attempts: number;
  failedReason: string | null;
  at: number | null;
}

export interface QueueStatus {
  counts: Record<string, Record<JobState, number>>;
  active: JobLine[];
  failed: JobLine[];
}

function lineOf(queue: string, job: Job): JobLine {
  const data = job.data as { step?: string; runId?: number; n?: number };
  const detail = queue === 'runs' ? `step ${data.step ?? 'plan'}${data.runId === undefined ? '' : `, run ${data.runId}`}` : `run ${data.runId ?? '?'}, slice ${data.n ?? '?'}`;
  return {
    queue, id: job.id ?? '', detail, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1,
    failedReason: job.failedReason || null, at: job.finishedOn ?? job.processedOn ?? job.timestamp,
  };
}

/** What is waiting, running and failed, with the failed jobs' errors (the newest `limit` of each). */
export async function queueStatus(queues: Queues, limit = 50): Promise<QueueStatus> {
  const counts: QueueStatus['counts'] = {};
  const active: JobLine[] = [];
  const failed: JobLine[] = [];
  for (const q of [queues.runs, queues.push] as const) {
    counts[q.name] = (await q.getJobCounts(...STATES)) as Record<JobState, number>;
    for (const j of await q.getActive(0, limit - 1)) active.push(lineOf(q.name, j as Job));
    for (const j of await q.getFailed(0, limit - 1)) failed.push(lineOf(q.name, j as Job));
  }
  return { counts, active, failed };
}

/** Puts every failed job back in its queue; a run job takes up at the step it failed in. */
export async function retryFailed(queues: Queues): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const q of [queues.runs, queues.push] as const) {
    out[q.name] = await q.getFailedCount();
    if (out[q.name]) await q.retryJobs({ state: 'failed' });
  }
  return out;
}
