import type { Logger } from 'pino';
import { createApp, type SyncApp } from '../../src/app.js';
import { loadQueueSyncConfig } from '../../src/config/config.js';
import { closeRedis, openRedis } from '../../src/queue/connection.js';
import { limitRunsToOne, openQueues, type Queues } from '../../src/queue/queues.js';
import { startHarness, type Harness } from './harness.js';
import { dropPrefix, SHARED_REDIS, uniquePrefix, writePolicy } from './services.js';

export interface QueueWorld {
  h: Harness;
  cfg: ReturnType<typeof loadQueueSyncConfig>;
  app: SyncApp;
  queues: Queues;
  redis: Awaited<ReturnType<typeof openRedis>>;
}

/**
 * A harness (SQLite unless told) with the app, its Redis connection and its queues under a prefix of their own,
 * runs limited to one at a time as the daemon does. Each piece is torn down through `cleanups`.
 */
export async function startQueueWorld(opts: {
  kind?: 'sqlite' | 'mariadb';
  seed?: number;
  teachers: number;
  queue: Record<string, unknown>;
  log: Logger;
  cleanups: (() => Promise<unknown> | void)[];
}): Promise<QueueWorld> {
  const { cleanups, log } = opts;
  const h = await startHarness(opts.kind ?? 'sqlite', { seed: opts.seed ?? 7, teachers: opts.teachers });
  cleanups.push(() => h.close());
  const prefix = uniquePrefix();
  cleanups.push(() => dropPrefix(SHARED_REDIS, prefix));
  const cfg = loadQueueSyncConfig({ ...h.env, REDIS_URL: SHARED_REDIS, TEACHER_SYNC_CONFIG: writePolicy({ queue: { prefix, ...opts.queue } }) });
  const app = await createApp(cfg, { logger: log });
  cleanups.push(() => app.close());
  const redis = await openRedis(cfg.redisUrl, { role: 'service', connectTimeoutMs: 2000, log });
  cleanups.push(() => closeRedis(redis));
  const queues = openQueues(redis, cfg.policy, () => {});
  cleanups.push(() => queues.close());
  limitRunsToOne(redis, queues, () => {});
  return { h, cfg, app, queues, redis };
}
