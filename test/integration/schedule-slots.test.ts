import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { slotJobId } from '../../src/queue/job-ids.js';
import { pushSliceProcessor } from '../../src/queue/push-slice.job.js';
import { enqueueRun } from '../../src/queue/queues.js';
import { syncRunProcessor } from '../../src/queue/sync-run.job.js';
import { startWorkers } from '../../src/queue/workers.js';
import type { RunSummary } from '../../src/sync/sync-run.js';
import { startQueueWorld } from '../support/queue-world.js';
import { until } from '../support/services.js';

/** The slots of one schedule, on the real Redis: each enqueued once, and run in slot order. */
describe('schedule slots', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup() {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } }));
    const { cfg, app, redis, queues } = await startQueueWorld({ teachers: 60, queue: { sliceSize: 100 }, log, cleanups });
    const deps = app.sync;
    const summaries: RunSummary[] = [];
    const work = () => {
      const workers = startWorkers({
        connection: redis, policy: cfg.policy, concurrency: 1, log,
        runProcessor: syncRunProcessor({ deps, queues, afterRun: async (s) => { summaries.push(s); } }),
        sliceProcessor: pushSliceProcessor(deps, { concurrency: 1 }),
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
