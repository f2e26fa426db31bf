/**
 * The push phase of one queued run done by one worker process, then by two, against a student-record
 * simulator that answers each batch after a fixed delay (as a real platform does under load). Each
 * round starts from the same point: a fresh simulator process (same seed, so the same teachers and an
 * empty platform) and an empty MariaDB database, so both rounds plan the same changes. Every worker
 * process works one push job at a time with the same `sync.pushConcurrency`. The push time is the
 * run's own `phaseMs.push`: from the moment the plan's push jobs are enqueued to the run's finish.
 *
 * Used by `npm run bench:workers` (bench/push-workers.bench.ts) and by the main benchmark.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createPool } from 'mysql2/promise';
import { stringify } from 'yaml';
import { dropPrefix } from '../test/support/services.js';

export interface WorkersBenchOptions {
  teachers: number;
  batchDelayMs: number;
  /** Changes per push job (`queue.sliceSize`). */
  slice: number;
  /** A database of the benchmark's own: dropped and created again for each round. */
  dbUrl: string;
  redisUrl: string;
  /** Progress lines (which worker took how many jobs); nothing by default. */
  note?: (line: string) => void;
}

/** Where a round's push time went, from the push jobs' own times in the queue. */
export interface JobTimes {
  /** From the push jobs' enqueueing to the first one's start. */
  firstPickUpMs: number;
  /** A push job's own time, from its start to its end, on average. */
  meanJobMs: number;
  /** From the end of the last push job to the end of the push (the run's finish step). */
  afterLastMs: number;
}

export interface WorkerRound {
  workers: number;
  pushMs: number;
  planMs: number;
  created: number;
  /** Push jobs each worker process finished. */
  jobsPerWorker: number[];
  times: JobTimes;
}

export interface WorkersMeasure {
  oneMs: number;
  twoMs: number;
  one: WorkerRound;
  two: WorkerRound;
}

const BIN = 'bin/teacher-sync.js';

interface Child {
  stdout: () => string;
  done: Promise<number>;
  kill(signal: NodeJS.Signals): void;
}

function start(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  return { stdout: () => out, done, kill: (s) => child.kill(s) };
}

async function startSimulators(teachers: number, batchDelayMs: number): Promise<{ urls: { ttp: string; registry: string; srp: string }; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulators/cli.ts', '--teachers', String(teachers), '--seed', '42', '--batch-delay-ms', String(batchDelayMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.trim().startsWith('{')) {
      return { urls: JSON.parse(line) as { ttp: string; registry: string; srp: string }, stop: async () => { child.kill('SIGTERM'); await exited; } };
    }
  }
  throw new Error('simulator process ended before printing its URLs');
}

async function resetDatabase(dbUrl: string): Promise<void> {
  const u = new URL(dbUrl);
  const name = u.pathname.slice(1);
  const admin = createPool({ uri: `${u.protocol}//${u.username}${u.password ? `:${u.password}` : ''}@${u.host}/`, connectionLimit: 1 });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The push jobs' start and end times as the queue kept them, read before the round's keys are dropped. */
async function jobTimes(redisUrl: string, prefix: string, pushMs: number): Promise<JobTimes> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const push = new Queue('push', { connection, prefix });
  try {
    const jobs = await push.getJobs(['completed']);
    const enqueued = Math.min(...jobs.map((j) => j.timestamp));
    const started = Math.min(...jobs.map((j) => j.processedOn ?? Infinity));
    const ended = Math.max(...jobs.map((j) => j.finishedOn ?? 0));
    const busy = jobs.reduce((s, j) => s + ((j.finishedOn ?? 0) - (j.processedOn ?? 0)), 0);
    // The push is timed from just before the jobs were enqueued: what is not before or in the jobs is after them.
    return { firstPickUpMs: started - enqueued, meanJobMs: busy / Math.max(jobs.length, 1), afterLastMs: pushMs - (ended - enqueued) };
  } finally {
    await push.close();
    connection.disconnect();
  }
}

async function round(opts: WorkersBenchOptions, workers: number): Promise<WorkerRound> {
  await resetDatabase(opts.dbUrl);
  const sims = await startSimulators(opts.teachers, opts.batchDelayMs);
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'ts-bench-'));
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, stringify({
    province: { code: '33' },
    sync: { pushBatchSize: 500, pushConcurrency: 2 },
    queue: { prefix, sliceSize: opts.slice },
    worker: { concurrency: 1, httpPort: 0 },
    log: { level: 'warn' },
  }));
  const env = {
    DATABASE_URL: opts.dbUrl, REDIS_URL: opts.redisUrl, TEACHER_SYNC_CONFIG: policyFile, LOG_LEVEL: 'info',
    TTP_BASE_URL: sims.urls.ttp, TTP_CLIENT_ID: 'teacher-sync', TTP_CLIENT_SECRET: 'secret',
    REGISTRY_URL: sims.urls.registry,
    SRP_BASE_URL: sims.urls.srp, SRP_CLIENT_ID: 'teacher-sync', SRP_CLIENT_SECRET: 'secret',
    PII_KEY: 'benchmark-key-0123456789abcdef',
  };
  const procs: Child[] = [];
  try {
    const migrate = start(['migrate'], env);
    if ((await migrate.done) !== 0) throw new Error('migrate failed');
    for (let i = 0; i < workers; i++) procs.push(start(['worker', '--concurrency', '1'], env));
    for (const p of procs) await until(() => p.stdout().includes('"msg":"started"'), 60_000, 'a worker to start');
    const run = start(['run-now', '--wait', '--json'], { ...env, LOG_LEVEL: 'warn' });
    if ((await run.done) !== 0) throw new Error(`run failed: ${run.stdout()}`);
    const summary = JSON.parse(run.stdout().trim().split('\n').pop() ?? '{}') as { status: string; created: number; phaseMs: Record<string, number> };
    if (summary.status !== 'succeeded') throw new Error(`run ${summary.status}`);
    const jobsPerWorker = procs.map((p) => (p.stdout().match(/"msg":"push finished"/g) ?? []).length);
    opts.note?.(`  ${workers} worker(s): push jobs per worker ${jobsPerWorker.join(' / ')}`);
    const pushMs = summary.phaseMs['push'] ?? 0;
    return { workers, pushMs, planMs: summary.phaseMs['plan'] ?? 0, created: summary.created, jobsPerWorker, times: await jobTimes(opts.redisUrl, prefix, pushMs) };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.done));
    await sims.stop();
    await dropPrefix(opts.redisUrl, prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One round with one worker process, then one with two; both push the same plan. */
export async function measureWorkers(opts: WorkersBenchOptions): Promise<WorkersMeasure> {
  const one = await round(opts, 1);
  const two = await round(opts, 2);
  if (one.created !== two.created) throw new Error(`the two rounds did not push the same plan (${one.created} and ${two.created} created)`);
  return { oneMs: one.pushMs, twoMs: two.pushMs, one, two };
}
