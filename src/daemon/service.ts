import { Registry } from 'prom-client';
import { createApp, type App } from '../app.js';
import type { BaseConfig, QueueConfig, SyncConfig } from '../config/config.js';
import type { Repositories } from '../db/port.js';
import type { Logger } from '../log/logger.js';
import type { RunStatus } from '../db/repositories/sync-run.repository.js';
import { createMetrics, type Metrics, type RunState } from './metrics.js';
import { closeRedis, openRedis, pingRedis } from '../queue/connection.js';
import { slotJobId } from '../queue/job-ids.js';
import { pushSliceProcessor } from '../queue/push-slice.job.js';
import { enqueueRun, limitRunsToOne, openQueues, type Queues } from '../queue/queues.js';
import { syncRunProcessor } from '../queue/sync-run.job.js';
import { startWorkers, type RunningWorkers } from '../queue/workers.js';
import type { RunSummary } from '../sync/sync-run.js';
import { judgeHealth, timedCheck, type HealthReport } from './health.js';
import { startHttpServer, type HttpEndpoint } from './http-server.js';
import { startSchedule, type Schedule } from './schedule.js';

const CHECK_TIMEOUT_MS = 2000;
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

export interface ServiceOptions {
  /** Enqueue a run at each slot of `daemon.schedule` (the daemon). */
  schedule: boolean;
  /** Work the jobs in this process (a worker, or the daemon with --with-worker): needs the sync config. */
  work: { cfg: Readonly<SyncConfig>; concurrency: number } | null;
  /** For /healthz and /metrics; 0: none. */
  httpPort: number;
}

export interface Service {
  http: HttpEndpoint | null;
  log: Logger;
  /** Schedule, then workers, then queues and Redis, then the HTTP server, then the app: the database last. */
  stop(): Promise<void>;
}

async function queueDepth(queues: Queues): Promise<Record<string, Record<string, number>>> {
  const [runs, push] = await Promise.all([queues.runs.getJobCounts(...JOB_STATES), queues.push.getJobCounts(...JOB_STATES)]);
  return { [queues.runs.name]: runs, [queues.push.name]: push };
}

const FINISHED: readonly RunStatus[] = ['succeeded', 'partial', 'stopped', 'halted', 'failed', 'aborted'];

/** The newest syncs as the database tells it, whichever process ran them (a reconciliation on its own is not a sync). */
async function runState(repos: Repositories): Promise<RunState> {
  const [success, latest] = await Promise.all([repos.runs.latestSyncWithStatus(['succeeded', 'partial']), repos.runs.latestSyncWithStatus(FINISHED)]);
  const [findings, problems] = latest ? await Promise.all([repos.findings.countsByKind(latest.id), repos.problems.countsByCode(latest.id)]) : [{}, {}];
  return {
    lastSuccess: success?.finishedAtMs ? { atMs: success.finishedAtMs, mode: success.mode } : null,
    latest: latest ? { status: latest.status, findings, problems } : null,
  };
}

/** What follows every run this process finishes, exactly once per run. */
function afterRunOf(metrics: Metrics): (s: RunSummary) => Promise<void> {
  return async (s) => {
    metrics.runFinished(s);
  };
}

/**
 * The long-running part of `teacher-sync daemon` and `teacher-sync worker`: the app (with the
 * platforms when it works the jobs, observed by the metrics), then Redis, the queues, the workers,
 * the schedule and the HTTP server.
 */
export async function startService(cfg: Readonly<BaseConfig & QueueConfig>, opts: ServiceOptions): Promise<Service> {
  const metrics = createMetrics(new Registry());
  const app = await createApp(opts.work?.cfg ?? cfg, {
    observers: { onCall: (e) => metrics.onCall(e), onPushed: (o, n) => metrics.onPushed(o, n), onDelivery: (d) => metrics.onDelivery(d) },
  });
  try {
    return await startAround(app, metrics, cfg, opts);
  } catch (e) {
    await app.close();
    throw e;
  }
}

async function startAround(app: App, metrics: Metrics, cfg: Readonly<BaseConfig & QueueConfig>, opts: ServiceOptions): Promise<Service> {
  const { policy } = cfg;
  const log = app.log;
  const redis = await openRedis(cfg.redisUrl, { role: 'service', connectTimeoutMs: policy.queue.connectTimeoutSeconds * 1000, log });
  const onQueueError = (e: Error) => log.warn({ err: e.message }, 'queue error');
  const queues = openQueues(redis, policy, onQueueError);
  let workers: RunningWorkers | null = null;
  let schedule: Schedule | null = null;
  let http: HttpEndpoint | null = null;
  const stop = async () => {
    await schedule?.stop();
    await workers?.close(policy.daemon.shutdownGraceSeconds * 1000, redis.status !== 'ready');
    // With Redis away a queue's close waits for it: not past a moment.
    await Promise.race([queues.close().catch(onQueueError), new Promise((r) => setTimeout(r, 2000).unref())]);
    await closeRedis(redis);
    await http?.close();
  };
  const stopAll = async () => {
    await stop();
    await app.close();
  };
  try {
    limitRunsToOne(redis, queues, onQueueError);
    metrics.watchQueues(() => queueDepth(queues));
    const repos = app.storage.repos;
    metrics.watchRuns(() => runState(repos));

    if (opts.work) {
      const deps = app.sync;
      // The app was built from the work's config, which carries the platforms.
      if (deps === null) throw new Error('working the jobs needs the platform settings');
      workers = startWorkers({
        connection: redis, policy, concurrency: opts.work.concurrency, log,
        runProcessor: syncRunProcessor({ deps, queues, afterRun: afterRunOf(metrics) }),
        sliceProcessor: pushSliceProcessor(deps, { concurrency: opts.work.concurrency }),
      });
    }

    if (opts.schedule) {
      const { schedule: expression, timezone } = policy.daemon;
      schedule = await startSchedule({
        expression, timezone, log,
        onSlot: async (slot) => {
          const jobId = slotJobId(slot, timezone);
          const added = await enqueueRun(queues, jobId, { trigger: 'schedule', slot: slot.toISOString(), full: false, allowMassDisable: false });
          // Two daemons fire every slot: only the one whose call added the job enqueued its run.
          log.info({ slot: slot.toISOString(), job: jobId }, added ? 'schedule slot: run enqueued' : 'schedule slot: already enqueued');
        },
      });
      log.info({ schedule: expression, timezone, next: schedule.next()?.toISOString() ?? null }, 'schedule started');
    }

    if (opts.httpPort > 0) {
      const health = async (): Promise<HealthReport> => {
        const [database, redisCheck, lastRun] = await Promise.all([
          timedCheck(() => app.pingDatabase(), CHECK_TIMEOUT_MS),
          pingRedis(redis, CHECK_TIMEOUT_MS),
          repos.runs.latest(1).then((r) => r[0], () => undefined),
        ]);
        return judgeHealth({ database, redis: redisCheck, lastRun, nowMs: Date.now(), maxRunAgeMs: policy.daemon.maxRunAgeHours * 3_600_000 });
      };
      http = await startHttpServer({ host: policy.daemon.httpHost, port: opts.httpPort, health, registry: metrics.registry, log });
      log.info({ url: http.url }, 'serving /healthz and /metrics');
    }
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
  log.info({ prefix: queues.prefix, schedule: opts.schedule, workers: opts.work ? { concurrency: opts.work.concurrency } : null, http: http?.url ?? null }, 'started');
  return { http, log, stop: stopAll };
}
