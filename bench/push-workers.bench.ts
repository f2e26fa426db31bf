/**
 * `npm run bench:workers -- [--teachers 20000] [--batch-delay-ms 1000] [--slice 1000] [--db mysql://root@127.0.0.1:3306/teacher_sync_bench_workers]`
 *
 * The push phase of one queued run done by one worker process, then by two, against a student-record
 * simulator that answers each batch after a fixed delay (as a real platform does under load). Each
 * round starts from the same point: a fresh simulator process (same seed, so the same teachers and an
 * empty platform) and an empty MariaDB database, so both rounds plan the same changes. Every worker
 * process works one push job at a time with the same `sync.pushConcurrency`. The push time is the
 * run's own `phaseMs.push`: from the moment the plan's push jobs are enqueued to the run's finish.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createPool } from 'mysql2/promise';
import { stringify } from 'yaml';
import { dropPrefix } from '../test/support/services.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const teachers = Number(arg('teachers', '20000'));
const batchDelayMs = Number(arg('batch-delay-ms', '1000'));
const sliceSize = Number(arg('slice', '1000'));
const dbUrl = arg('db', 'mysql://root@127.0.0.1:3306/teacher_sync_bench_workers');
const redisUrl = arg('redis', 'redis://127.0.0.1:6379');
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

async function startSimulators(): Promise<{ urls: { ttp: string; registry: string; srp: string }; stop(): Promise<void> }> {
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

async function resetDatabase(): Promise<void> {
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

interface Round {
  workers: number;
  pushMs: number;
  planMs: number;
  created: number;
  slices: number;
}

async function round(workers: number): Promise<Round> {
  await resetDatabase();
  const sims = await startSimulators();
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const policyFile = join(mkdtempSync(join(tmpdir(), 'ts-bench-')), 'policy.yaml');
  writeFileSync(policyFile, stringify({
    province: { code: '33' },
    sync: { pushBatchSize: 500, pushConcurrency: 2 },
    queue: { prefix, sliceSize },
    worker: { concurrency: 1, httpPort: 0 },
    log: { level: 'warn' },
  }));
  const env = {
    DATABASE_URL: dbUrl, REDIS_URL: redisUrl, TEACHER_SYNC_CONFIG: policyFile, LOG_LEVEL: 'info',
    TTP_BASE_URL: sims.urls.ttp, TTP_CLIENT_ID: 'teacher-sync', TTP_CLIENT_SECRET: 'secret',
    REGISTRY_URL: sims.urls.registry,
    SRP_BASE_URL: sims.urls.srp, SRP_CLIENT_ID: 'teacher-sync', SRP_CLIENT_SECRET: 'secret',
    PII_KEY: 'benchmark-key-0123456789abcdef',
  };
  const migrate = start(['migrate'], env);
  if ((await migrate.done) !== 0) throw new Error('migrate failed');
  const procs = Array.from({ length: workers }, () => start(['worker', '--concurrency', '1'], env));
  try {
    for (const p of procs) await until(() => p.stdout().includes('"msg":"started"'), 60_000, 'a worker to start');
    const run = start(['run-now', '--wait', '--json'], { ...env, LOG_LEVEL: 'warn' });
    if ((await run.done) !== 0) throw new Error(`run failed: ${run.stdout()}`);
    const summary = JSON.parse(run.stdout().trim().split('\n').pop() ?? '{}') as { status: string; created: number; phaseMs: Record<string, number> };
    if (summary.status !== 'succeeded') throw new Error(`run ${summary.status}`);
    const slices = procs.map((p) => (p.stdout().match(/"msg":"push finished"/g) ?? []).length);
    process.stderr.write(`  ${workers} worker(s): push jobs per worker ${slices.join(' / ')}\n`);
    return { workers, pushMs: summary.phaseMs['push'] ?? 0, planMs: summary.phaseMs['plan'] ?? 0, created: summary.created, slices: slices.reduce((a, b) => a + b, 0) };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.done));
    await sims.stop();
    await dropPrefix(redisUrl, prefix);
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `teacher-sync push-workers benchmark: ${teachers.toLocaleString('en-US')} teachers, every batch answered after ${batchDelayMs} ms, ` +
      `push jobs of ${sliceSize} changes, batches of 500, 2 in flight per worker, node ${process.version}\n`,
  );
  const one = await round(1);
  const two = await round(2);
  for (const r of [one, two]) {
    process.stdout.write(`${r.workers} worker process(es): push ${(r.pushMs / 1000).toFixed(2)} s  (${r.created.toLocaleString('en-US')} accounts created, ${r.slices} push jobs; plan ${(r.planMs / 1000).toFixed(1)} s)\n`);
  }
  const ratio = two.pushMs / one.pushMs;
  process.stdout.write(`ratio two/one: ${ratio.toFixed(2)} (aim: at most 0.60) ${ratio <= 0.6 ? 'met' : 'NOT met'}\n`);
  if (one.created !== two.created) throw new Error('the two rounds did not push the same plan');
}

main().catch((e: unknown) => {
  process.stderr.write(`benchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
