import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { slotJobId } from '../../src/queue/job-ids.js';
import { pushSliceProcessor } from '../../src/queue/push-slice.job.js';
import { queueStatus, retryFailed } from '../../src/queue/queue-admin.js';
import { enqueueRun } from '../../src/queue/queues.js';
import { syncRunProcessor } from '../../src/queue/sync-run.job.js';
import { startWorkers, type RunningWorkers } from '../../src/queue/workers.js';
import type { AccountTarget } from '../../src/sync/ports.js';
import type { RunSummary } from '../../src/sync/sync-run.js';
import { startQueueWorld } from '../support/queue-world.js';
import { until } from '../support/services.js';

/**
 * The queued run's parts in this process, against the real Redis and SQLite, where a test can put
 * a fault exactly where it wants one.
 */
describe('a run split into jobs', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(opts: { poison?: (externalId: string) => boolean } = {}) {
    const log = silentLogger();
    const { h, cfg, app, redis, queues } = await startQueueWorld({ teachers: 600, queue: { sliceSize: 100, attempts: 2, backoffSeconds: 0.1 }, log, cleanups });
    const deps = app.sync;
    const real = deps.accounts;
    // Batches at the platform at once, and the most there ever were.
    const inFlight = { now: 0, most: 0 };
    // The platform refusing every batch that carries a poisoned account: the job pushing them keeps failing.
    const accounts: AccountTarget = {
      pushBatch: async (items, signal) => {
        if (opts.poison && items.some((i) => opts.poison?.(i.externalId))) throw new Error('SRP answered 503 for this batch');
        inFlight.most = Math.max(inFlight.most, ++inFlight.now);
        try {
          return await real.pushBatch(items, signal);
        } finally {
          inFlight.now--;
        }
      },
      accounts: (signal) => real.accounts(signal),
    };
    const summaries: RunSummary[] = [];
    const work = () => {
      const workers: RunningWorkers = startWorkers({
        connection: redis, policy: cfg.policy, concurrency: 2, log,
        runProcessor: syncRunProcessor({ deps: { ...deps, accounts }, queues, afterRun: async (s) => { summaries.push(s); } }),
        sliceProcessor: pushSliceProcessor({ ...deps, accounts }, { concurrency: 2 }),
      });
      cleanups.push(() => workers.close(1000));
      return workers;
    };
    const repos = app.storage.repos;
    return { h, cfg, queues, work, summaries, repos, inFlight };
  }

  it('keeps a push job that keeps failing as failed with its error, finishes the run without it, and puts it back on request', async () => {
    const { h, queues, work, summaries } = await setup({ poison: (id) => id >= 'T00010300' && id < 'T00010500' });
    const plan = JSON.parse((await h.cli(['sync', '--dry-run', '--json'])).stdout) as { created: number };
    await enqueueRun(queues, 'run-test-1', { trigger: 'manual', slot: null, full: false, allowMassDisable: false });
    work();
    await until(() => summaries.length === 1, 60_000, 'the run to finish');
    const [summary] = summaries;
    expect(summary?.status).toBe('partial');
    const failedJobs = Number(/^(\d+) push job\(s\) failed: run-1-[0-9a-z]+-push-\d+: .*SRP answered 503/.exec(summary?.error ?? '')?.[1] ?? 0);
    expect(failedJobs, String(summary?.error)).toBeGreaterThan(0);
    expect(summary?.failed).toBeGreaterThan(0);
    expect((summary?.created ?? 0) + (summary?.failed ?? 0)).toBe(plan.created);
    expect(summary?.problems['PUSH_FAILED']).toBe(summary?.failed);
    // Every account outside the poisoned range was pushed.
    const pushed = new Set(h.sims.srp.accounts().map((a) => a.externalId));
    expect([...pushed].some((id) => id !== null && id >= 'T00010300' && id < 'T00010500')).toBe(false);
    expect(pushed.size).toBe(summary?.created);

    const status = await queueStatus(queues);
    expect(status.failed).toHaveLength(failedJobs);
    expect(status.failed[0]).toMatchObject({ queue: 'push', attemptsMade: 2, attempts: 2 });
    expect(status.failed[0]?.failedReason).toMatch(/SRP answered 503/);
    // The summary is handed over just before the run job completes.
    await until(async () => (await queueStatus(queues)).counts['runs']?.completed === 1, 10_000, 'the run job to complete');

    expect(await retryFailed(queues)).toEqual({ runs: 0, push: failedJobs });
    // The run it belonged to is over: the job has nothing left to do, and the next run plans those accounts again.
    await until(async () => (await queueStatus(queues)).counts['push']?.failed === 0 && (await queueStatus(queues)).counts['push']?.active === 0, 30_000, 'the retried job to end');
  });

  it('holds one push job ahead, keeps the platform to the batches of the jobs it pushes at once, and pushes each account once', async () => {
    const { h, cfg, queues, work, summaries, inFlight } = await setup();
    // Slow answers, so that jobs pile up behind the ones being pushed.
    h.sims.srp.faults.batchDelayMs = 100;
    await enqueueRun(queues, 'run-test-ahead', { trigger: 'manual', slot: null, full: false, allowMassDisable: false });
    work();
    let mostActive = 0;
    await until(async () => {
      mostActive = Math.max(mostActive, (await queueStatus(queues)).counts['push']?.active ?? 0);
      return summaries.length === 1;
    }, 60_000, 'the run to finish');
    const [summary] = summaries;
    expect(summary?.status).toBe('succeeded');
    // Two jobs pushed at once (the worker's concurrency) and one held ahead, whose batches wait for a slot.
    expect(mostActive).toBe(3);
    expect(inFlight.most).toBe(2 * cfg.policy.sync.pushConcurrency);
    const accepted = h.sims.srp.pushLog.filter((e) => e.status < 300).map((e) => e.externalId);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(accepted.length).toBe(summary?.created);
  });

  it('makes one run of a schedule slot enqueued twice (two daemons, or a clock that went back)', async () => {
    const { queues, work, summaries, repos } = await setup();
    const slot = new Date('2026-11-19T18:00:00Z');
    for (let i = 0; i < 3; i++) {
      await enqueueRun(queues, slotJobId(slot, 'Asia/Shanghai'), { trigger: 'schedule', slot: slot.toISOString(), full: false, allowMassDisable: false });
    }
    expect((await queueStatus(queues)).counts['runs']?.waiting).toBe(1);
    work();
    await until(() => summaries.length === 1, 60_000, 'the run to finish');
    await enqueueRun(queues, slotJobId(slot, 'Asia/Shanghai'), { trigger: 'schedule', slot: slot.toISOString(), full: false, allowMassDisable: false });
    await new Promise((r) => setTimeout(r, 500));
    expect(await repos.runs.latest(10)).toHaveLength(1);
    expect(summaries[0]?.status).toBe('succeeded');
  });

  it('never overlaps a CLI sync: a queued run waits for the lock, and the CLI refuses while a queued run holds it', async () => {
    const { h, queues, work, summaries, repos } = await setup();
    h.sims.srp.faults.batchDelayMs = 150;
    const cli = h.spawnCli(['sync', '--json']);
    await until(() => h.sims.srp.stats.itemsPushed > 0, 30_000, 'the CLI sync to push');
    await enqueueRun(queues, 'run-test-2', { trigger: 'manual', slot: null, full: false, allowMassDisable: false });
    work();
    await until(async () => (await queueStatus(queues)).counts['runs']?.delayed === 1, 15_000, 'the queued run to wait for the lock');
    h.sims.srp.faults.batchDelayMs = 0;
    expect((await cli.done).code).toBe(0);
    await until(() => summaries.length === 1, 60_000, 'the queued run to finish');
    const [queued, byCli] = await repos.runs.latest(2);
    expect(byCli?.finishedAtMs).toBeLessThanOrEqual(queued?.startedAtMs ?? 0);

    // And the other way round.
    const linked = new Set(h.sims.srp.accounts().map((a) => a.externalId));
    const [one, two] = h.sims.ttp.list().filter((t) => t.status === 'active' && linked.has(t.teacherId));
    h.sims.ttp.update(one!.teacherId, { mobile: '13912345678' });
    h.sims.ttp.update(two!.teacherId, { mobile: '13912345679' });
    h.sims.srp.faults.batchDelayMs = 3000;
    const before = h.sims.srp.stats.batchCalls;
    await enqueueRun(queues, 'run-test-3', { trigger: 'manual', slot: null, full: false, allowMassDisable: false });
    await until(() => h.sims.srp.stats.batchCalls > before, 30_000, 'the queued run to push');
    const refused = await h.cli(['sync', '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/another sync is running: run \d+ on host/);
    h.sims.srp.faults.batchDelayMs = 0;
    await until(() => summaries.length === 2, 60_000, 'the second queued run to finish');
  });
});
