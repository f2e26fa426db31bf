import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type SyncApp } from '../../src/app.js';
import { loadQueueSyncConfig } from '../../src/config/config.js';
import { closeRedis, openRedis } from '../../src/queue/connection.js';
import { slotJobId } from '../../src/queue/job-ids.js';
import { pushSliceProcessor } from '../../src/queue/push-slice.job.js';
import { enqueueRun, limitRunsToOne, openQueues, type Queues } from '../../src/queue/queues.js';
import { syncRunProcessor } from '../../src/queue/sync-run.job.js';
import { startWorkers } from '../../src/queue/workers.js';
import type { RunSummary } from '../../src/sync/sync-run.js';
import { startHarness } from '../support/harness.js';
import { dropPrefix, SHARED_REDIS, uniquePrefix, until, writePolicy } from '../support/services.js';

/** The slots of one schedule, on the real Redis: each enqueued once, and run in slot order. */
describe('schedule slots', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup() {
    const h = await startHarness('sqlite', { seed: 7, teachers: 60 });
    cleanups.push(() => h.close());
    const prefix = uniquePrefix();
    cleanups.push(() => dropPrefix(SHARED_REDIS, prefix));
    const cfg = loadQueueSyncConfig({ ...h.env, REDIS_URL: SHARED_REDIS, TEACHER_SYNC_CONFIG: writePolicy({ queue: { prefix, sliceSize: 100 } }) });
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } }));
    const app: SyncApp = await createApp(cfg, { logger: log });
    cleanups.push(() => app.close());
    const redis = await openRedis(cfg.redisUrl, { role: 'service', connectTimeoutMs: 2000, log });
    cleanups.push(() => closeRedis(redis));
    const queues: Queues = openQueues(redis, cfg.policy, () => {});
    cleanups.push(() => queues.close());
    limitRunsToOne(redis, queues, () => {});
    const deps = app.sync;
    const summaries: RunSummary[] = [];
    const work = () => {
      const workers = startWorkers({
        connection: redis, policy: cfg.policy, concurrency: 1, log,
        runProcessor: syncRunProcessor({ deps, queues, afterRun: async (s) => { summaries.push(s); } }),
        sliceProcessor: pushSliceProcessor(deps),
      });
      cleanups.push(() => workers.close(1000));
    };
    return { queues, work, summaries, lines, repos: app.storage.repos };
  }

  const at = (iso: string) => new Date(iso);
  const data = (slot: Date) => ({ trigger: 'schedule' as const, slot: slot.toISOString(), full: false, allowMassDisable: false });

  it('tells the call that enqueued a slot from the ones that found it enqueued', async () => {
    const { queues } = await setup();
    const slot = at('2026-11-19T18:26:00Z');
    const id = slotJobId(slot, 'Asia/Shanghai');
    expect(await enqueueRun(queues, id, data(slot))).toBe(true);
    expect(await enqueueRun(queues, id, data(slot))).toBe(false);
    expect(await enqueueRun(queues, id, data(slot))).toBe(false);
    expect((await queues.runs.getJobCounts('waiting'))['waiting']).toBe(1);
  });

  it('skips a slot that comes up after a later slot, and says so: runs start in slot order', async () => {
    const { queues, work, summaries, lines, repos } = await setup();
    const earlier = at('2026-11-19T18:26:00Z');
    const later = at('2026-11-19T18:27:00Z');
    // The 02:26 slot waited (for the lock, say) and comes up after the 02:27 one.
    await enqueueRun(queues, slotJobId(later, 'Asia/Shanghai'), data(later));
    await enqueueRun(queues, slotJobId(earlier, 'Asia/Shanghai'), data(earlier));
    work();
    await until(async () => (await queues.runs.getJobCounts('completed'))['completed'] === 2, 60_000, 'both slot jobs to end');
    expect(summaries).toHaveLength(1);
    const runs = await repos.runs.latest(10);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('succeeded');
    const skipped = await queues.runs.getJob(slotJobId(earlier, 'Asia/Shanghai'));
    expect(skipped?.returnvalue).toBeNull();
    expect(lines.filter((l) => l['msg'] === 'schedule slot superseded by a later slot: skipped, the later run covers it'))
      .toEqual([expect.objectContaining({ slot: earlier.toISOString(), later: later.toISOString() })]);
  });

  it('skips a waiting slot when a later slot was enqueued meanwhile, and runs the later one', async () => {
    const { queues, work, summaries, repos } = await setup();
    const earlier = at('2026-11-19T18:26:00Z');
    const later = at('2026-11-19T18:27:00Z');
    await enqueueRun(queues, slotJobId(earlier, 'Asia/Shanghai'), data(earlier));
    await enqueueRun(queues, slotJobId(later, 'Asia/Shanghai'), data(later));
    work();
    await until(async () => (await queues.runs.getJobCounts('completed'))['completed'] === 2, 60_000, 'both slot jobs to end');
    expect(summaries).toHaveLength(1);
    expect(await repos.runs.latest(10)).toHaveLength(1);
    const ran = await queues.runs.getJob(slotJobId(later, 'Asia/Shanghai'));
    expect(ran?.returnvalue).toMatchObject({ status: 'succeeded' });
  });
});
