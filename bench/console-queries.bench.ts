/**
 * `npm run bench:console -- [--database-url mysql://root@127.0.0.1:3306/teacher_sync_bench] [--teachers 200000] [--repeat 5]`
 *
 * Times the reads the web console makes, against a database filled by a full sync, as `npm run bench`
 * fills it (same simulators, same seed, same sync). When the database is absent or holds no finished
 * sync, it is built here with `--teachers` teachers first. The console's page needs an answer in
 * under 300 ms; each line prints the median and the slowest of `--repeat` tries, and what MariaDB's
 * EXPLAIN says of the statements behind it.
 *
 * A finished sync leaves the audit log and the manual assignments empty; a volume of them is added
 * once (marked with the actor `bench-console-*`) so that their pages read a realistic table.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { createPool } from 'mysql2/promise';
import { createApp } from '../src/app.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { currentLinks } from '../src/assignments/current-placement.js';
import { listSharedCodes, sharedCodeTeachers } from '../src/assignments/shared-codes.js';
import { loadBaseConfig, loadSyncConfig } from '../src/config/config.js';
import { createPiiCipher } from '../src/crypto/pii-cipher.js';
import type { Repositories } from '../src/db/port.js';
import type { AuditEntry } from '../src/db/repositories/audit-log.repository.js';
import { silentLogger } from '../src/log/logger.js';
import { REPORTABLE_STATUSES } from '../src/reports/report-dispatch.js';
import { readTeacherExplanation } from '../src/sync/explain-teacher.js';
import { requireProvinceDivisions } from '../src/areacodes/area-code-history.js';
import { areaReport } from '../src/web/area-report.js';
import type { ConsoleDeps } from '../src/web/console-deps.js';
import { findingsTrend } from '../src/web/findings-trend.js';
import { runSync } from '../src/sync/sync-run.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const dbUrl = arg('database-url', 'mysql://root@127.0.0.1:3306/teacher_sync_bench');
const teachers = Number(arg('teachers', '200000'));
const repeat = Number(arg('repeat', '5'));
const PII_KEY = 'benchmark-key-0123456789abcdef';
const BUDGET_MS = 300;

/** A connection to the server of a database URL, outside any database. */
function serverPool(url: string) {
  const u = new URL(url);
  return createPool({ uri: `${u.protocol}//${u.username}${u.password ? `:${u.password}` : ''}@${u.host}/`, connectionLimit: 1 });
}

/** Whether the database holds a finished sync to read. */
async function isFilled(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const admin = serverPool(url);
  try {
    const [tables] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [name, 'sync_run']);
    if (Number((tables as { n: number }[])[0]?.n ?? 0) === 0) return false;
    const [runs] = await admin.query(`SELECT COUNT(*) AS n FROM \`${name}\`.sync_run WHERE status = 'succeeded'`);
    return Number((runs as { n: number }[])[0]?.n ?? 0) > 0;
  } finally {
    await admin.end();
  }
}

/**
 * As `npm run bench` builds it: simulators in their own process (seed 42), a full sync into an empty
 * database, then a delta run with nothing changed, so that the latest run is an ordinary night's
 * (its plan holds the changes only) and not the first day's (everyone created).
 */
async function build(url: string, n: number): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = serverPool(url);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/simulators/cli.ts', '--teachers', String(n), '--seed', '42'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const lines: Interface = createInterface({ input: child.stdout! });
    const urls = await new Promise<{ ttp: string; registry: string; srp: string }>((resolve, reject) => {
      lines.on('line', (l) => {
        if (l.trim().startsWith('{')) resolve(JSON.parse(l) as { ttp: string; registry: string; srp: string });
      });
      child.once('exit', () => reject(new Error('simulator process ended')));
    });
    const cfg = loadSyncConfig({
      DATABASE_URL: url, PII_KEY,
      TTP_BASE_URL: urls.ttp, TTP_CLIENT_ID: 'teacher-sync', TTP_CLIENT_SECRET: 'secret', REGISTRY_URL: urls.registry,
      SRP_BASE_URL: urls.srp, SRP_CLIENT_ID: 'teacher-sync', SRP_CLIENT_SECRET: 'secret',
    });
    const app = await createApp(cfg, { logger: silentLogger() });
    try {
      const t0 = performance.now();
      const deps = app.sync;
      const summary = await runSync(deps, { full: true, dryRun: false, allowMassDisable: false });
      const delta = await runSync(deps, { full: false, dryRun: false, allowMassDisable: false });
      process.stdout.write(`built ${name}: full sync of ${summary.pulled.toLocaleString('en-US')} teachers, ${summary.status}; delta ${delta.status}; ` +
        `${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } finally {
      await app.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
}

const ACTORS = Array.from({ length: 40 }, (_, i) => `bench-console-${String(i).padStart(2, '0')}`);

/**
 * A year of console work: 2,000 manual assignments and 50,000 audit entries over 3,000 teachers,
 * added once. Assignments are to the school each account is already at, so a later sync moves nothing.
 */
async function seedConsoleTables(db: Db, repos: Repositories): Promise<void> {
  if ((await repos.audit.lastId()) > 0) return;
  const links = await db.selectFrom('account_link').select(['teacher_id', 'school_id']).where('status', '=', 'active').orderBy('external_id').limit(3000).execute();
  const profiles = await repos.teachers.profiles(links.map((l) => l.teacher_id));
  const now = Date.now();
  const yearMs = 365 * 86_400_000;
  await repos.assignments.replace(links.slice(0, 2000).map((l, i) => ({
    teacherId: l.teacher_id, schoolId: l.school_id, institutionCode: profiles.get(l.teacher_id)?.institutionCode ?? '',
    state: i % 10 === 0 ? 'stale' : 'active', reason: 'bench: works at this campus', assignedBy: ACTORS[i % ACTORS.length]!,
    createdAtMs: now - yearMs + i * 1000, staleReason: i % 10 === 0 ? 'stale-code-changed' : null, staleAtMs: i % 10 === 0 ? now - 86_400_000 : null,
  })));
  const entries: AuditEntry[] = Array.from({ length: 50_000 }, (_, i) => {
    const l = links[(i * 7919) % links.length]!;
    return {
      atMs: now - yearMs + Math.floor((i * yearMs) / 50_000), actor: ACTORS[(i * 31) % ACTORS.length]!, action: i % 5 === 4 ? 'undo' : 'assign',
      teacherId: l.teacher_id, source: 'cli', reason: 'bench: works at this campus',
      before: { schoolId: l.school_id, assignment: null },
      after: { schoolId: l.school_id, assignment: { schoolId: l.school_id, institutionCode: '', state: 'active' } },
    };
  });
  await repos.audit.append(entries);
}

interface Timing {
  label: string;
  medianMs: number;
  maxMs: number;
  rows: number;
}

async function time(label: string, fn: () => Promise<number>): Promise<Timing> {
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    rows = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { label, medianMs: ms[Math.floor(ms.length / 2)]!, maxMs: ms[ms.length - 1]!, rows };
}

/** The access paths MariaDB chooses for one statement: a full scan shows as type ALL. */
async function explain(statement: string, params: unknown[]): Promise<string> {
  const u = new URL(dbUrl);
  const pool = createPool({ uri: `${u.protocol}//${u.username}${u.password ? `:${u.password}` : ''}@${u.host}${u.pathname}`, connectionLimit: 1 });
  try {
    const [rows] = await pool.query(`EXPLAIN ${statement}`, params);
    return (rows as { table: string; type: string; key: string | null; rows: number }[])
      .map((r) => `${r.table}:${r.type}${r.key ? `(${r.key})` : ''}~${r.rows}`).join(' ');
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  if (!dbUrl.startsWith('mysql')) throw new Error('--database-url must name a MariaDB/MySQL database');
  if (!(await isFilled(dbUrl))) await build(dbUrl, teachers);
  const cfg = loadBaseConfig({ DATABASE_URL: dbUrl, PII_KEY });
  const app = await createApp(cfg, { logger: silentLogger() });
  // The benchmark picks its examples with queries of its own, beside the app's.
  const handle = await openDatabase(cfg.database);
  try {
    const repos = app.storage.repos;
    const db = handle.db;
    await seedConsoleTables(db, repos);
    const total = Number((await db.selectFrom('teacher').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const run = await repos.runs.latestSyncWithStatus(REPORTABLE_STATUSES);
    if (!run) throw new Error('no finished sync in the database');
    const county = (await db.selectFrom('finding').select(['county_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', '=', run.id).groupBy('county_code').orderBy('n', 'desc').limit(1).executeTakeFirst())?.county_code ?? '330102';
    const someTeacher = (await db.selectFrom('account_link').select('teacher_id').orderBy('external_id').offset(Math.floor(total / 2)).limit(1).executeTakeFirstOrThrow()).teacher_id;
    const rule = { explicit: cfg.policy.campus.explicit };
    const shared = await listSharedCodes(repos, rule);
    const code = [...shared].sort((a, b) => b.schools.reduce((n, s) => n + s.teachers.total, 0) - a.schools.reduce((n, s) => n + s.teachers.total, 0))[0];
    const someSchool = code?.canonicalSchoolId ?? '';
    const deps = { repos, cipher: createPiiCipher(PII_KEY), policy: cfg.policy, clock: Date.now };
    const day = 86_400_000;
    const audited = (await repos.audit.latest({ limit: 1 }))[0];

    process.stdout.write(`console queries: ${total.toLocaleString('en-US')} teachers in ${new URL(dbUrl).pathname.slice(1)}, run ${run.id}, ` +
      `county ${county}, teacher ${someTeacher}, code ${code?.code ?? '-'}; median and slowest of ${repeat}, budget ${BUDGET_MS} ms\n`);
    const timings: [Timing, string][] = [];
    const add = async (label: string, fn: () => Promise<number>, sqlText: string, params: unknown[]) => {
      timings.push([await time(label, fn), await explain(sqlText, params)]);
    };
    // What GET /findings/:county reads: the area's report as its mail carries it, and its trend.
    // Those reads use the repositories and the divisions only.
    const divisions = requireProvinceDivisions(cfg.policy.province.code);
    const web = { repos, divisions, consoleFindings: repos.consoleFindings } as unknown as ConsoleDeps;
    await add('findings page of one county', async () => {
      const [report] = await Promise.all([areaReport(web, county), findingsTrend(web, [county])]);
      return (report?.report.schools.length ?? 0) + (report?.report.people.length ?? 0);
    }, 'SELECT * FROM finding WHERE run_id = ? AND county_code IN (?)', [run.id, county]);
    await add('teacher by id (explain)', async () => ((await readTeacherExplanation(deps, someTeacher)) ? 1 : 0),
      'SELECT * FROM teacher WHERE teacher_id = ?', [someTeacher]);
    // The night of the first full sync the latest run's plan holds everyone: the teacher's item is found by index.
    const fullRun = await db.selectFrom('sync_run').select('id').where('mode', '=', 'full').where('status', 'in', [...REPORTABLE_STATUSES])
      .orderBy('created', 'desc').limit(1).executeTakeFirst();
    if (fullRun) {
      await add("teacher in a full sync's plan", async () => (await repos.plan.forTeachers(fullRun.id, [someTeacher])).length,
        'SELECT * FROM plan_item WHERE run_id = ? AND teacher_id IN (?)', [fullRun.id, someTeacher]);
    }
    await add('audit by teacher', async () => (await repos.audit.search({ teacherId: audited?.teacherId ?? someTeacher, limit: 200 })).length,
      'SELECT * FROM audit_log WHERE teacher_id = ? ORDER BY id DESC LIMIT 200', [audited?.teacherId ?? someTeacher]);
    await add('audit by school', async () => (await repos.audit.search({ schoolId: audited?.after?.schoolId ?? someSchool, limit: 200 })).length,
      'SELECT * FROM audit_log WHERE instr(before_json, ?) > 0 OR instr(after_json, ?) > 0 ORDER BY id DESC LIMIT 200', ['x', 'x']);
    await add('audit by actor', async () => (await repos.audit.search({ actor: ACTORS[3]!, limit: 200 })).length,
      'SELECT * FROM audit_log WHERE actor = ? ORDER BY id DESC LIMIT 200', [ACTORS[3]]);
    await add('audit by date (one week)', async () => (await repos.audit.search({ fromMs: Date.now() - 200 * day, toMs: Date.now() - 193 * day, limit: 200 })).length,
      'SELECT * FROM audit_log WHERE at_ms >= ? AND at_ms < ? ORDER BY id DESC LIMIT 200', [Date.now() - 200 * day, Date.now() - 193 * day]);
    await add('audit, actor matching none', async () => (await repos.audit.search({ actor: 'nobody', limit: 200 })).length,
      'SELECT * FROM audit_log WHERE actor = ? ORDER BY id DESC LIMIT 200', ['nobody']);
    await add('shared-code teachers', async () => (code ? (await sharedCodeTeachers(repos, code.code)).teachers.length : 0),
      'SELECT teacher_id FROM teacher WHERE institution_code = ?', [code?.code ?? '']);
    timings.push([await time('  (accounts at its campuses)', async () => (await repos.links.atSchools(code?.schools.map((s) => s.schoolId) ?? [])).length),
      await explain('SELECT * FROM account_link WHERE school_id IN (?)', [code?.schools.map((s) => s.schoolId) ?? ['']])]);
    await add('shared codes of one county', async () => (await listSharedCodes(repos, rule, { countyCode: code?.countyCode ?? county })).length,
      "SELECT school_id, choice_reason, COUNT(*) FROM account_link WHERE school_id IN (?) AND status = 'active' GROUP BY school_id, choice_reason",
      [code?.schools.map((s) => s.schoolId) ?? ['']]);
    await add('overrides list', async () => {
      const all = await repos.assignments.list();
      const profiles = await repos.teachers.profiles(all.map((a) => a.teacherId));
      await repos.schools.byIds([...new Set(all.map((a) => a.schoolId))]);
      return (await currentLinks(repos, profiles.values())).size;
    }, 'SELECT * FROM manual_assignment ORDER BY teacher_id', []);
    for (const [t, plan] of timings) {
      const verdict = t.medianMs <= BUDGET_MS ? 'ok  ' : 'SLOW';
      process.stdout.write(`${verdict} ${t.label.padEnd(30)} ${t.medianMs.toFixed(1).padStart(8)} ms  max ${t.maxMs.toFixed(1).padStart(8)} ms  rows ${String(t.rows).padStart(6)}  ${plan}\n`);
    }
  } finally {
    await handle.close();
    await app.close();
  }
}

await main();
