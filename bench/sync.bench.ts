/**
 * `npm run bench -- --teachers 200000 [--db mysql://root@127.0.0.1:3306/teacher_sync_bench] [--no-floor] [--buffer-pool-mb N]`
 *
 * `--buffer-pool-mb` sets the MariaDB server's innodb_buffer_pool_size (a global setting that lasts
 * until the server restarts) before the runs, as a production server would be sized; without it the
 * server runs as it is.
 *
 * Starts the simulators in a separate process (so their memory is not counted), then runs in this
 * process: a full sync into an empty database, a full re-run with nothing changed, a delta run with
 * nothing changed, a delta run after 1% of the teachers changed on the platform, and a delta run
 * with nothing changed that plans everyone (`--replan-all`, as a run does at least weekly). Prints, per
 * run, wall time, teachers/s, each phase with its own teachers/s, and peak RSS.
 *
 * Then, in the same process and against the same simulators and database server, the floor: what
 * the full sync cannot go below with this client, database and platform. Fetching and parsing the
 * same teacher pages alone; bulk-writing the same rows the full sync wrote (teachers, accounts,
 * planned changes), timed around the writes alone; pushing the same number of accounts in the
 * same batches alone. The write is measured twice: by multi-row inserts, as the sync writes, and by
 * `LOAD DATA LOCAL INFILE`, MariaDB's fastest load path (bench/load-data-floor.ts); the ratio of
 * the full sync to the floor uses the faster of the two.
 *
 * Last, unless `--no-workers`: the push of one queued run by one worker process, then by two
 * (bench/push-workers.ts), against a platform that answers each batch after
 * `--workers-batch-delay-ms` (500), with `--workers-teachers` (20,000) teachers, in a database of its
 * own (`<db>_workers`), and `--redis` (redis://127.0.0.1:6379) for the queues.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { createPool } from 'mysql2/promise';
import { createApp } from '../src/app.js';
import { loadDataFloor } from './load-data-floor.js';
import { measureWorkers } from './push-workers.js';
import { loadSyncConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createRepositories } from '../src/db/repositories.js';
import type { PlanItem } from '../src/core/plan-item.js';
import { chunks } from '../src/db/upsert.js';
import { silentLogger } from '../src/log/logger.js';
import { StudentRecordClient } from '../src/platforms/student-record/student-record.client.js';
import { TeacherTrainingClient } from '../src/platforms/teacher-training/teacher-training.client.js';
import { residentIdCheckChar } from '../src/simulators/index.js';
import { runSync, type RunSummary } from '../src/sync/sync-run.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const teachers = Number(arg('teachers', '200000'));
const dbUrl = arg('db', 'mysql://root@127.0.0.1:3306/teacher_sync_bench');
const floorDbUrl = `${dbUrl}_floor`;
const loadFloorDbUrl = `${dbUrl}_floor_load`;
const withFloor = !process.argv.includes('--no-floor');

interface SimProcess {
  pid: number | undefined;
  urls: { ttp: string; registry: string; srp: string };
  touch(share: number): Promise<number>;
  stop(): void;
}

async function startSimulatorProcess(): Promise<SimProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/simulators/cli.ts', '--teachers', String(teachers), '--seed', '42'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: Interface = createInterface({ input: child.stdout! });
  const next = () => new Promise<string>((resolve, reject) => {
    const onLine = (l: string) => {
      if (!l.trim().startsWith('{')) return;
      lines.off('line', onLine);
      resolve(l);
    };
    lines.on('line', onLine);
    child.once('exit', () => reject(new Error('simulator process ended')));
  });
  const urls = JSON.parse(await next()) as SimProcess['urls'];
  return {
    pid: child.pid,
    urls,
    touch: async (share) => {
      const answer = next();
      child.stdin!.write(`touch ${share}\n`);
      return (JSON.parse(await answer) as { touched: number }).touched;
    },
    stop: () => child.kill('SIGTERM'),
  };
}

/** A connection to the server of a database URL, outside any database. */
function serverPool(url: string) {
  const u = new URL(url);
  return createPool({ uri: `${u.protocol}//${u.username}${u.password ? `:${u.password}` : ''}@${u.host}/`, connectionLimit: 1 });
}

async function resetDatabase(url: string): Promise<void> {
  if (!url.startsWith('mysql')) return;
  const name = new URL(url).pathname.slice(1);
  const admin = serverPool(url);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
}

/** CPU time (ms) a process has used so far, from /proc; null where it cannot be read (another host, no /proc). */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The MariaDB server's process, when it runs on this machine. */
function localDatabasePid(url: string): number | undefined {
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(url).hostname)) return undefined;
  try {
    const pids = execFileSync('pidof', ['mariadbd', 'mysqld'], { encoding: 'utf8' }).trim().split(/\s+/);
    return pids[0] ? Number(pids[0]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the machine's CPU went while something ran: this process, the simulators' process and the
 * database server. Their sum over the wall time is how many cores were busy on average; the sum over
 * the number of cores is the least time the same work could take here.
 */
function cpuMeter(simPid: number | undefined, dbPid: number | undefined) {
  const read = () => ({ self: process.cpuUsage(), sim: processCpuMs(simPid), db: processCpuMs(dbPid) });
  return () => {
    const start = read();
    return (wallMs: number): string => {
      const end = read();
      const u = process.cpuUsage(start.self);
      const self = (u.user + u.system) / 1000;
      const sim = start.sim === null || end.sim === null ? null : end.sim - start.sim;
      const db = start.db === null || end.db === null ? null : end.db - start.db;
      const total = self + (sim ?? 0) + (db ?? 0);
      const cores = availableParallelism();
      return `cpu over ${secs(wallMs)} (run and reports): sync ${secs(self)}, simulators ${sim === null ? 'n/a' : secs(sim)}, MariaDB ${db === null ? 'n/a' : secs(db)}; ` +
        `${(total / wallMs).toFixed(2)} of ${cores} cores busy; the same work cannot take less than ${secs(total / cores)} here`;
    };
  };
}

// Under 10 ms a phase did next to nothing: a rate would only say how quickly it did nothing.
const rate = (n: number, ms: number) => (ms >= 10 ? Math.round(n / (ms / 1000)).toLocaleString('en-US') : '-');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const peakRss = () => Math.round(process.resourceUsage().maxRSS / 1024);

function report(label: string, s: RunSummary, n: number, cpu?: string): void {
  process.stdout.write(
    `${label.padEnd(24)} ${secs(s.durationMs).padStart(8)}  ${rate(n, s.durationMs).padStart(9)} teachers/s  peak RSS ${peakRss()} MB  ` +
      `status ${s.status}  pulled ${s.pulled} created ${s.created} updated ${s.updated} disabled ${s.disabled}\n` +
      (s.error ? `${''.padEnd(26)}error: ${s.error}\n` : ''),
  );
  for (const [phase, ms] of Object.entries(s.phaseMs)) {
    process.stdout.write(`${''.padEnd(26)}${phase.padEnd(10)} ${secs(ms).padStart(8)}  ${rate(n, ms).padStart(9)} teachers/s\n`);
  }
  if (cpu) process.stdout.write(`${''.padEnd(26)}${cpu}\n`);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Fetching and parsing every teacher page with the sync's own client, nothing else. */
async function fetchFloor(env: Record<string, string>): Promise<number> {
  const client = new TeacherTrainingClient({ baseUrl: env['TTP_BASE_URL']!, clientId: 'teacher-sync', clientSecret: 'secret', pageSize: 1000 });
  try {
    const { ms } = await timed(async () => {
      let n = 0;
      for await (const page of client.pages()) n += page.records.length + page.rejected.length;
      return n;
    });
    return ms;
  } finally {
    client.close();
  }
}

/** Writing the rows the full sync wrote into an empty copy of the schema, timed around the writes alone. */
async function writeFloor(): Promise<number> {
  await resetDatabase(floorDbUrl);
  const source = await openDatabase({ url: dbUrl, kind: 'mysql' });
  const target = await openDatabase({ url: floorDbUrl, kind: 'mysql' });
  try {
    await migrateToLatest(target.db);
    const from = createRepositories(source.db, 'mysql');
    const to = createRepositories(target.db, 'mysql');
    let ms = 0;
    let after = '';
    for (;;) {
      const ids = (await source.db.selectFrom('teacher').select('teacher_id').where('teacher_id', '>', after).orderBy('teacher_id').limit(1000).execute()).map((r) => r.teacher_id);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
      const records = [...(await from.teachers.byIds(ids)).values()];
      ms += (await timed(() => to.teachers.upsert(records))).ms;
    }
    after = '';
    for (;;) {
      const ids = (await source.db.selectFrom('account_link').select('external_id').where('external_id', '>', after).orderBy('external_id').limit(1000).execute()).map((r) => r.external_id);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
      const links = await from.links.byExternalIds(ids);
      ms += (await timed(() => to.links.upsert(links))).ms;
      const items = links.map((l): PlanItem => ({
        runId: 1, externalId: l.externalId, teacherId: l.teacherId, identityMac: l.identityMac, schoolId: l.schoolId, action: 'create',
        desiredStatus: l.status === 'active' ? 'active' : 'disabled', desiredHash: l.pushedHash, choiceReason: l.choiceReason, state: 'done', resultStatus: 201, resultCode: null,
      }));
      ms += (await timed(() => to.plan.insert(items))).ms;
    }
    return ms;
  } finally {
    await source.close();
    await target.close();
  }
}

/** Pushing as many new accounts as the full sync created, in the same batches, nothing else. */
async function pushFloor(env: Record<string, string>, accounts: number, batchSize: number, concurrency: number): Promise<number> {
  const client = new StudentRecordClient({ baseUrl: env['SRP_BASE_URL']!, clientId: 'teacher-sync', clientSecret: 'secret', pageSize: 1000 });
  try {
    const schools: string[] = [];
    for await (const page of client.schools()) for (const s of page) if (s.status === 'active') schools.push(s.schoolId);
    const item = (i: number) => {
      const body = `339999${1950 + (i % 50)}${String(1 + (Math.floor(i / 50) % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 600) % 28)).padStart(2, '0')}${String(Math.floor(i / 16800) % 1000).padStart(3, '0')}`;
      return {
        externalId: `F${String(i).padStart(9, '0')}`, name: '基准测试', idType: 'resident_id' as const, idNumber: body + residentIdCheckChar(body),
        gender: null, mobile: null, email: null, schoolId: schools[i % schools.length]!, status: 'active' as const,
      };
    };
    const { ms } = await timed(async () => {
      const batches = chunks(Array.from({ length: Math.ceil(accounts / batchSize) }, (_, b) => b), concurrency);
      for (const group of batches) {
        await Promise.all(group.map((b) => {
          const items = Array.from({ length: Math.min(batchSize, accounts - b * batchSize) }, (_, k) => item(b * batchSize + k));
          return client.pushBatch(items);
        }));
      }
    });
    return ms;
  } finally {
    client.close();
  }
}

async function sizeBufferPool(): Promise<string> {
  const mb = arg('buffer-pool-mb', '');
  const admin = serverPool(dbUrl);
  try {
    if (mb !== '') await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${Number(mb) * 1024 * 1024}`);
    const [rows] = await admin.query('SELECT @@innodb_buffer_pool_size AS b, @@version AS v');
    const r = (rows as { b: number; v: string }[])[0]!;
    return `MariaDB ${r.v}, innodb_buffer_pool_size ${Math.round(Number(r.b) / 1048576)} MB`;
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const server = dbUrl.startsWith('mysql') ? await sizeBufferPool() : 'SQLite';
  await resetDatabase(dbUrl);
  const sim = await startSimulatorProcess();
  try {
    const env = {
      DATABASE_URL: dbUrl,
      TTP_BASE_URL: sim.urls.ttp, TTP_CLIENT_ID: 'teacher-sync', TTP_CLIENT_SECRET: 'secret',
      REGISTRY_URL: sim.urls.registry,
      SRP_BASE_URL: sim.urls.srp, SRP_CLIENT_ID: 'teacher-sync', SRP_CLIENT_SECRET: 'secret',
      PII_KEY: 'benchmark-key-0123456789abcdef',
    };
    const cfg = loadSyncConfig(env);
    const app = await createApp(cfg, { logger: silentLogger() });
    const deps = app.sync;
    process.stdout.write(`teacher-sync benchmark: ${teachers.toLocaleString('en-US')} teachers, database ${dbUrl.replace(/\/\/[^@]*@/, '//')} (${server}), node ${process.version}\n`);
    const dbPid = localDatabasePid(dbUrl);
    const meter = cpuMeter(sim.pid, dbPid);
    // Each run with the CPU its work took: over the whole call, so with the county reports written after the run.
    const run = async (full: boolean, replanAll = false) => {
      const started = meter();
      const t0 = performance.now();
      const summary = await runSync(deps, { full, dryRun: false, allowMassDisable: false, replanAll });
      return { summary, cpu: started(performance.now() - t0) };
    };
    const { summary: full, cpu: fullCpu } = await run(true);
    report('full sync', full, full.pulled, fullCpu);
    const again = await run(true);
    report('no-change full re-run', again.summary, again.summary.pulled, again.cpu);
    const delta = await run(false);
    report('no-change delta run', delta.summary, teachers, delta.cpu);
    const touched = await sim.touch(0.01);
    const changed = await run(false);
    report(`1% delta (${touched} changed)`, changed.summary, teachers, changed.cpu);
    // What the walk of everyone costs that a run makes at least weekly (sync.replanAllEveryDays).
    const everyone = await run(false, true);
    report('delta, planning everyone', everyone.summary, teachers, everyone.cpu);
    await app.close();

    if (withFloor) {
      const cpuNow = () => ({ self: process.cpuUsage(), sim: processCpuMs(sim.pid) });
      const cpuSince = (from: ReturnType<typeof cpuNow>) => {
        const u = process.cpuUsage(from.self);
        const simNow = processCpuMs(sim.pid);
        return (u.user + u.system) / 1000 + (simNow === null || from.sim === null ? 0 : simNow - from.sim);
      };
      const beforeFetch = cpuNow();
      const fetchMs = await fetchFloor(env);
      const fetchCpu = cpuSince(beforeFetch);
      const writeMs = await writeFloor();
      const beforePush = cpuNow();
      const pushMs = await pushFloor(env, full.created, cfg.policy.sync.pushBatchSize, cfg.policy.sync.pushConcurrency);
      const pushCpu = cpuSince(beforePush);
      const floor = fetchMs + writeMs + pushMs;
      await resetDatabase(loadFloorDbUrl);
      const empty = await openDatabase({ url: loadFloorDbUrl, kind: 'mysql' });
      await migrateToLatest(empty.db).finally(() => empty.close());
      // The rows the full sync wrote: every teacher and account, and the full sync's own plan.
      const loaded = await loadDataFloor(dbUrl, loadFloorDbUrl, { plan_item: `run_id = ${Number(full.runId)}` }, () => processCpuMs(dbPid));
      const loadFloor = fetchMs + loaded.ms + pushMs;
      const fastest = Math.min(floor, loadFloor);
      process.stdout.write(
        `floor, measured alone    fetch+parse ${secs(fetchMs)}  bulk write ${secs(writeMs)}  push ${secs(pushMs)}  total ${secs(floor)}\n` +
          `floor by LOAD DATA       fetch+parse ${secs(fetchMs)}  load ${secs(loaded.ms)} (${loaded.perTable.map((t) => `${t.table} ${t.rows.toLocaleString('en-US')} rows ${secs(t.ms)}`).join(', ')})  push ${secs(pushMs)}  total ${secs(loadFloor)}\n` +
          `full sync / floor        ${(full.durationMs / fastest).toFixed(2)}\n` +
          `floor's CPU              fetch+parse ${secs(fetchCpu)} (this process and the simulators), load ${loaded.dbCpuMs === null ? 'n/a' : secs(loaded.dbCpuMs)} (MariaDB), push ${secs(pushCpu)} (this process and the simulators)\n` +
          `peak RSS of the process  ${peakRss()} MB\n`,
      );
    }
  } finally {
    sim.stop();
  }
}

const withWorkers = !process.argv.includes('--no-workers');

/** Two worker processes against one, printed as the speed-up the aim is stated in. */
async function workersSection(): Promise<void> {
  const label = 'push, 2 workers / 1'.padEnd(24);
  if (!dbUrl.startsWith('mysql')) {
    process.stdout.write(`${label} skipped: the workers need MariaDB\n`);
    return;
  }
  const workersTeachers = Number(arg('workers-teachers', '20000'));
  const batchDelayMs = Number(arg('workers-batch-delay-ms', '500'));
  const m = await measureWorkers({ teachers: workersTeachers, batchDelayMs, slice: 1000, dbUrl: `${dbUrl}_workers`, redisUrl: arg('redis', 'redis://127.0.0.1:6379') });
  process.stdout.write(
    `${label} 1 worker ${secs(m.oneMs)}  2 workers ${secs(m.twoMs)}  speed-up ${(m.oneMs / m.twoMs).toFixed(2)} ` +
      `(aim 1.8; ${workersTeachers.toLocaleString('en-US')} teachers, batch answered after ${batchDelayMs} ms)\n`,
  );
}

main()
  .then(() => (withWorkers ? workersSection() : undefined))
  .catch((e: unknown) => {
    process.stderr.write(`benchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
