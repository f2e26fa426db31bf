import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountSnapshot, startHarness, type Harness } from '../support/harness.js';
import {
  dropPrefix, freePort, getJson, logLines, OwnRedis, Processes, SHARED_REDIS, uniquePrefix, until, writePolicy,
} from '../support/services.js';

const SEED = 7;
const TEACHERS = 600;

const snapshot = accountSnapshot;

interface RunRow {
  id: number;
  status: string;
  created: number;
  failed: number;
  error: string | null;
}

// Processes start through tsx and share two cores with the rest of the suite: generous limits.
describe('the daemon and its workers, as separate processes, against MariaDB and Redis', { timeout: 240_000 }, () => {
  let reference: string[] = [];
  const procs = new Processes();
  const harnesses: Harness[] = [];
  const prefixes: { url: string; prefix: string }[] = [];
  const redises: OwnRedis[] = [];

  /** A database, simulators, a queue prefix and a policy of the test's own. */
  const setup = async (policy: Parameters<typeof writePolicy>[0]['daemon'] & { redisUrl?: string; queue?: Record<string, unknown> } = {}) => {
    const h = await startHarness('mariadb', { seed: SEED, teachers: TEACHERS });
    harnesses.push(h);
    const prefix = uniquePrefix();
    const redisUrl = policy.redisUrl ?? SHARED_REDIS;
    prefixes.push({ url: redisUrl, prefix });
    const { redisUrl: _, queue, ...daemon } = policy;
    const file = writePolicy({ queue: { prefix, ...queue }, daemon });
    const env = { ...h.env, REDIS_URL: redisUrl, TEACHER_SYNC_CONFIG: file, LOG_LEVEL: 'info' };
    const runs = async (): Promise<RunRow[]> => JSON.parse((await h.cli(['runs', 'list', '--json'])).stdout) as RunRow[];
    return { h, env, runs };
  };

  beforeAll(async () => {
    const h = await startHarness('mariadb', { seed: SEED, teachers: TEACHERS });
    const r = await h.cli(['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    reference = snapshot(h.sims);
    await h.close();
  });

  afterEach(async () => {
    await procs.killAll();
    for (const p of prefixes.splice(0)) await dropPrefix(p.url, p.prefix).catch(() => {});
    for (const r of redises.splice(0)) await r.kill();
    for (const h of harnesses.splice(0)) await h.close();
  });

  afterAll(() => {
    reference = [];
  });

  it('refuses to start without Redis, saying why', async () => {
    const { env } = await setup();
    const { REDIS_URL: _, ...noRedis } = env;
    const missing = await procs.start('daemon without REDIS_URL', ['daemon'], noRedis).done;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/REDIS_URL: required/);

    const port = await freePort();
    const t0 = Date.now();
    const away = await procs.start('daemon, Redis away', ['daemon'], { ...env, REDIS_URL: `redis://127.0.0.1:${port}` }).done;
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(new RegExp(`Redis at redis://127\\.0\\.0\\.1:${port} did not answer: .*ECONNREFUSED`));
    expect(Date.now() - t0).toBeLessThan(20_000);
    const status = await procs.start('queue status, Redis away', ['queue', 'status'], { ...env, REDIS_URL: `redis://127.0.0.1:${port}` }).done;
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/did not answer/);
  });

  it('two daemons and two workers: one run per schedule slot, every teacher pushed once, the accounts a CLI sync makes; health, metrics, SIGTERM', async () => {
    const { h, env, runs } = await setup({ schedule: '*/10 * * * * *' });
    const [dPort, wPort] = [await freePort(), await freePort()];
    const daemons = [
      procs.start('daemon 1', ['daemon', '--http-port', String(dPort)], env),
      procs.start('daemon 2', ['daemon', '--http-port', '0'], env),
    ];
    const workers = [
      procs.start('worker 1', ['worker', '--http-port', String(wPort)], env),
      procs.start('worker 2', ['worker'], env),
    ];
    // Two slots with a run each: the first pushes everyone, the second finds nothing changed.
    await until(async () => (await runs()).filter((r) => r.status !== 'running').length >= 2, 90_000, 'two runs', () => procs.logs());

    const health = await getJson(`http://127.0.0.1:${dPort}/healthz`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, database: { ok: true }, redis: { ok: true }, lastRun: { status: 'succeeded' } });
    const metrics = await getJson(`http://127.0.0.1:${wPort}/metrics`);
    expect(metrics.status).toBe(200);
    for (const name of ['teacher_sync_runs_total', 'teacher_sync_records_total', 'teacher_sync_run_duration_seconds', 'teacher_sync_queue_jobs', 'teacher_sync_platform_call_duration_seconds', 'teacher_sync_platform_call_errors_total']) {
      expect(metrics.text).toContain(`# TYPE ${name} `);
    }
    expect(metrics.text).toMatch(/teacher_sync_queue_jobs\{queue="push",state="completed"\} \d+/);
    expect(metrics.text).toMatch(/teacher_sync_platform_call_duration_seconds_count\{platform="srp",method="POST",status="2xx"\} [1-9]/);
    expect((await getJson(`http://127.0.0.1:${wPort}/healthz`)).status).toBe(200);

    // SIGTERM: the daemons first (no more slots), then, once the queue is empty, the workers.
    const stopped = async (p: (typeof daemons)[number]) => {
      const t0 = Date.now();
      p.kill('SIGTERM');
      const r = await p.done;
      return { code: r.code, ms: Date.now() - t0 };
    };
    for (const r of await Promise.all(daemons.map(stopped))) {
      expect(r.code, procs.logs()).toBe(0);
      expect(r.ms).toBeLessThan(30_000);
    }
    await until(async () => (await runs()).every((r) => r.status !== 'running'), 60_000, 'the last run to end', () => procs.logs());
    await until(async () => {
      const q = JSON.parse((await h.cli(['queue', 'status', '--json'], env)).stdout) as { counts: Record<string, Record<string, number>> };
      return Object.values(q.counts).every((c) => (c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['delayed'] ?? 0) + (c['waiting-children'] ?? 0) === 0);
    }, 30_000, 'an empty queue');
    for (const r of await Promise.all(workers.map(stopped))) {
      expect(r.code, procs.logs()).toBe(0);
      expect(r.ms).toBeLessThan(30_000);
    }

    const logged = (msg: string) => daemons.map((d) => logLines(d.stdout(), msg).map((l) => String(l['job'])));
    const enqueued = logged('schedule slot: run enqueued');
    const found = logged('schedule slot: already enqueued');
    const slots = new Set(enqueued.flat());
    // Both daemons fire each slot; one enqueues its run, the other says it found it enqueued.
    expect(enqueued.flat().length, `slots each daemon says it enqueued: ${JSON.stringify(enqueued)}`).toBe(slots.size);
    const both = [...slots].filter((s) => daemons.every((_, i) => enqueued[i]!.includes(s) || found[i]!.includes(s)));
    expect(both.length, 'a slot both daemons fired').toBeGreaterThan(0);
    const superseded = workers.flatMap((w) => logLines(w.stdout(), 'schedule slot superseded by a later slot: skipped, the later run covers it'));
    const all = await runs();
    expect(all.length, `runs ${JSON.stringify(all)} for slots ${[...slots].join(', ')}`).toBe(slots.size - superseded.length);
    expect(all.every((r) => r.status === 'succeeded')).toBe(true);

    const pushed = h.sims.srp.pushLog.map((e) => e.externalId);
    expect(pushed.length).toBe(reference.length);
    expect(new Set(pushed).size).toBe(pushed.length);
    expect(snapshot(h.sims)).toEqual(reference);
    // Both workers took part.
    for (const w of workers) expect(logLines(w.stdout(), 'push finished').length).toBeGreaterThan(0);
  });

  it('a worker killed with SIGKILL in the middle of a run loses nothing: its push job is taken up again', async () => {
    const { h, env, runs } = await setup({ queue: { sliceSize: 100, lockDurationSeconds: 3, stalledIntervalSeconds: 1 } });
    h.sims.srp.faults.batchDelayMs = 250;
    const victim = procs.start('worker (killed)', ['worker'], env);
    const survivor = procs.start('worker 2', ['worker'], env);
    const run = procs.start('run-now', ['run-now', '--wait', '--json'], env);
    await until(() => h.sims.srp.stats.itemsPushed >= 120, 60_000, 'the first pushes', () => procs.logs());
    victim.kill('SIGKILL');
    await victim.done;
    const r = await run.done;
    expect(logLines(survivor.stdout(), 'job stalled (its worker stopped); back in the queue for another worker').length, procs.logs()).toBeGreaterThan(0);
    expect(r.code, procs.logs()).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ status: 'succeeded', created: reference.length, failed: 0 });
    expect(snapshot(h.sims)).toEqual(reference);
    expect((await runs()).map((x) => x.status)).toEqual(['succeeded']);
    // The queued run that follows plans only what changed since: nothing.
    const next = await procs.start('run-now again', ['run-now', '--wait', '--json'], env).done;
    expect(next.code, procs.logs()).toBe(0);
    expect(JSON.parse(next.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({
      status: 'succeeded', created: 0, updated: 0, plan: { scope: 'changed', people: 0, findingsCarried: true },
    });
  });

  it('a worker stopped with SIGTERM hands back the job in hand and exits 0; another worker finishes it', async () => {
    const { h, env } = await setup({ shutdownGraceSeconds: 1 });
    h.sims.srp.faults.batchDelayMs = 1500;
    const first = procs.start('worker (stopped)', ['worker'], env);
    const run = procs.start('run-now', ['run-now', '--wait', '--json'], env);
    await until(() => first.stdout().includes('"msg":"run planned; push jobs added"') && h.sims.srp.stats.batchCalls > 0, 60_000, 'a push in hand', () => procs.logs());
    const t0 = Date.now();
    first.kill('SIGTERM');
    const stopped = await first.done;
    expect(stopped.code, procs.logs()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(first.stdout()).toContain('push job handed back at shutdown');
    h.sims.srp.faults.batchDelayMs = 0;
    procs.start('worker 2', ['worker'], env);
    const r = await run.done;
    expect(r.code, procs.logs()).toBe(0);
    expect(snapshot(h.sims)).toEqual(reference);
  });

  it('rides out a Redis restart in the middle of a run and still ends with the right accounts', async () => {
    const redis = new OwnRedis(await freePort());
    redises.push(redis);
    await redis.start();
    const { h, env, runs } = await setup({ redisUrl: redis.url, schedule: '*/4 * * * * *' });
    h.sims.srp.faults.batchDelayMs = 250;
    const port = await freePort();
    procs.start('daemon', ['daemon', '--http-port', String(port)], env);
    procs.start('worker 1', ['worker'], env);
    procs.start('worker 2', ['worker'], env);
    await until(() => h.sims.srp.stats.itemsPushed >= 120, 60_000, 'the first pushes', () => procs.logs());

    await redis.kill();
    const pushedAtOutage = h.sims.srp.accounts().length;
    expect(pushedAtOutage).toBeLessThan(reference.length);
    await until(async () => (await getJson(`http://127.0.0.1:${port}/healthz`)).status === 503, 15_000, '/healthz to say Redis is away');
    const down = await getJson(`http://127.0.0.1:${port}/healthz`);
    expect(down.body).toMatchObject({ ok: false, redis: { ok: false } });
    await new Promise((r) => setTimeout(r, 2000));
    await redis.start();
    h.sims.srp.faults.batchDelayMs = 0;

    // The run cut off with the queue's contents goes stale; a later slot takes over and finishes the work.
    await until(async () => {
      const all = await runs();
      return snapshot(h.sims).length === reference.length && all[0]?.status === 'succeeded' && all.every((r) => r.status !== 'running');
    }, 90_000, 'a run to finish after the restart', () => `${procs.logs()}\n${JSON.stringify(h.sims.srp.accounts().length)}`);
    expect(snapshot(h.sims)).toEqual(reference);
    // The run the restart cut off was taken over and marked aborted; a later one finished the work.
    expect((await runs()).some((r) => r.status === 'aborted')).toBe(true);
    await until(async () => (await getJson(`http://127.0.0.1:${port}/healthz`)).status === 200, 15_000, '/healthz to recover');
  });
});
