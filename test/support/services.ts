import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { spawnBin, type CliResult, type SpawnedCli } from './harness.js';

export const SHARED_REDIS = 'redis://127.0.0.1:6379';

/** A queue prefix of its own, so test files running at once never share a queue. */
export function uniquePrefix(): string {
  return `ts-test-${randomBytes(4).toString('hex')}`;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The integration tests' policy with the daemon's sections set for a test; returns the file. */
export function writePolicy(overrides: { queue: Record<string, unknown>; daemon?: Record<string, unknown>; sync?: Record<string, unknown> }): string {
  const policy = {
    province: { code: '33' },
    sync: { pageSize: 50, pushBatchSize: 25, pushConcurrency: 2, lockHeartbeatSeconds: 1, lockStaleSeconds: 5, ...overrides.sync },
    http: { timeoutMs: 2000, retries: 8, minRetryDelayMs: 20, maxRetryDelayMs: 300 },
    queue: { sliceSize: 50, attempts: 3, backoffSeconds: 0.2, lockDurationSeconds: 10, stalledIntervalSeconds: 2, lockWaitSeconds: 1, connectTimeoutSeconds: 2, ...overrides.queue },
    daemon: { timezone: 'UTC', httpHost: '127.0.0.1', httpPort: 0, shutdownGraceSeconds: 2, maxRunAgeHours: 1, ...overrides.daemon },
    worker: { httpPort: 0 },
  };
  const file = join(mkdtempSync(join(tmpdir(), 'ts-daemon-')), 'policy.yaml');
  writeFileSync(file, stringify(policy));
  return file;
}

/** Deletes every key of a queue prefix. */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Processes a test started, each ended by its id when the test ends, whatever happened. */
export class Processes {
  private readonly all: { name: string; proc: SpawnedCli; result: CliResult | null }[] = [];

  start(name: string, args: string[], env: Record<string, string>): SpawnedCli {
    const proc = spawnBin(args, env);
    const entry = { name, proc, result: null as CliResult | null };
    void proc.done.then((r) => {
      entry.result = r;
    });
    this.all.push(entry);
    return proc;
  }

  /** What each process printed, for a failing test's message. */
  logs(): string {
    return this.all.map((e) => `--- ${e.name} (exit ${e.result?.code ?? 'running'})\n${e.proc.stdout().slice(-4000)}\n${e.result?.stderr.slice(-2000) ?? ''}`).join('\n');
  }

  async killAll(): Promise<void> {
    for (const e of this.all) if (e.result === null) e.proc.kill('SIGKILL');
    await Promise.all(this.all.map((e) => e.proc.done));
    this.all.length = 0;
  }
}

/** A redis-server of the test's own on a loopback port, to stop and start at will. */
export class OwnRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    const end = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(this.url, { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch {
        if (Date.now() > end) throw new Error(`redis-server on port ${this.port} did not start`);
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        probe.disconnect();
      }
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string, detail: () => string = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function getJson(url: string): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: /metrics
  }
  return { status: res.status, body, text };
}

/** JSON log lines a process printed with the given message. */
export function logLines(stdout: string, msg: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes(`"msg":"${msg}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
