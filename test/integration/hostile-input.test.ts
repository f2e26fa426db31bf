import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import { loadCounties } from '../../src/simulators/counties.js';
import type { Simulators } from '../../src/simulators/index.js';
import { parseCsv } from '../support/csv-parse.js';
import { accountSnapshot, startHarness, summaryOf, type Harness } from '../support/harness.js';
import {
  FREE_CODES, hostileInstitutions, hostileRegistryCsv, hostileTeachers, REPORT_PAYLOADS, type CorpusBase, type HostileInstitution, type HostileTeacher,
} from '../support/hostile-corpus.js';

const WORLD_TEACHERS = 20;
const PAGE_SIZE = 50;

// What a spreadsheet program would run, and what XML or a reader cannot take.
const FORMULA_LIKE = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;
const UNSHOWABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The integration policy (small pages) with every finding shown in the mail, so that the mail meets every hostile name. */
function writePolicy(dir: string): string {
  const base = parse(readFileSync(fileURLToPath(new URL('../support/test-policy.yaml', import.meta.url)), 'utf8')) as Record<string, unknown>;
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, stringify({ ...base, sync: { ...(base['sync'] as object), pageSize: PAGE_SIZE }, findings: { htmlRowLimit: 1000 } }));
  return file;
}

/** Every county of the simulators' world has a bureau, so that every report is written. */
function writeBureaus(dir: string): string {
  const lines = [
    'province:', '  name: 浙江省教育厅教师工作处', '  to: [jsgzc@example.gov.cn]', 'counties:',
    ...loadCounties().map((c) => `  '${c.code}': { name: ${c.city}${c.name}教育局, to: [jyj-${c.code}@example.gov.cn] }`),
  ];
  const file = join(dir, 'bureaus.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A code the registry lists as active that exactly one active student-record school carries. */
function corpusBase(sims: Simulators): CorpusBase {
  const active = sims.srp.schools().filter((s) => s.status === 'active');
  const registry = new Map(sims.registry.list().map((i) => [i.code, i]));
  const inst = [...new Set(active.map((s) => s.institutionCode))]
    .filter((code) => active.filter((s) => s.institutionCode === code).length === 1 && registry.get(code)?.status === 'active')
    .map((code) => registry.get(code)!)[0];
  if (!inst) throw new Error('no code with exactly one school in the world');
  return { institutionCode: inst.code, institutionName: inst.name, countyCode: inst.countyCode };
}

interface ProblemRow {
  teacher_id: string | null;
  code: string;
  detail: string;
}

async function problemsOf(db: DbHandle, runId: number): Promise<ProblemRow[]> {
  return db.db.selectFrom('sync_problem').select(['teacher_id', 'code', 'detail']).where('run_id', '=', runId).execute();
}

/** Every string cell of every sheet of a workbook; fails on a formula or unsafe text. */
async function workbookStrings(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => {
    if (c.formula || c.type === ExcelJS.ValueType.Formula) throw new Error(`${file} ${sheet.name}!${c.address} is a formula`);
    if (typeof c.value === 'string') out.push(c.value);
    else if (c.value !== null && typeof c.value !== 'number') throw new Error(`${sheet.name}!${c.address} holds ${JSON.stringify(c.value)}`);
  })));
  return out;
}

function expectSafeText(values: readonly string[], where: string): void {
  const unsafe = values.filter((v) => FORMULA_LIKE.test(v) || UNSHOWABLE.test(v));
  expect(unsafe.map((v) => JSON.stringify(v.slice(0, 60))), where).toEqual([]);
}

describe('hostile input against the simulators on MariaDB', () => {
  let h: Harness;
  let dir: string;
  let env: Record<string, string>;
  const handles: DbHandle[] = [];
  const db = async () => {
    const handle = await openDatabase({ url: h.database.url, kind: 'mysql' });
    handles.push(handle);
    return handle;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ts-hostile-'));
  });
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    await h.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = async (name: string) => {
    h = await startHarness('mariadb', { seed: 11, teachers: WORLD_TEACHERS, messiness: 0 });
    const reportDir = mkdtempSync(join(dir, `${name}-reports-`));
    env = { REPORT_DIR: reportDir, BUREAUS_FILE: writeBureaus(dir), TEACHER_SYNC_CONFIG: writePolicy(dir) };
    return reportDir;
  };

  it('quarantines, rejects or takes every hostile record with a recorded reason, and writes safe reports', async () => {
    const reportDir = await start('http');
    const base = corpusBase(h.sims);
    const carried = new Set(h.sims.srp.schools().map((s) => s.institutionCode));
    const world = new Set(h.sims.registry.list().map((i) => i.code));
    for (const code of Object.values(FREE_CODES)) expect(carried.has(code) || world.has(code), code).toBe(false);

    const teachers = hostileTeachers(base);
    const institutions = hostileInstitutions(base);
    const worldInstitutions = h.sims.registry.list().length;
    h.sims.ttp.appendRaw(teachers.map((e) => e.record));
    h.sims.registry.appendRaw(institutions.map((e) => e.record));

    const r = await h.cli(['sync', '--json'], env);
    // Refusals by the student-record platform make the run partial (3); nothing makes it fail (1).
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const s = summaryOf(r);
    expect(s.status).toBe('partial');
    const by = (kind: HostileTeacher['expect']['kind']) => teachers.filter((e) => e.expect.kind === kind);
    expect(s.pulled).toBe(WORLD_TEACHERS + teachers.length);
    expect(s.quarantined).toBe(by('rejected').length + by('superseded').length + by('quarantined').length);
    expect(s.failed).toBe(by('refused').length);

    const handle = await db();
    const problems = await problemsOf(handle, s.runId);

    // Rejected: one problem without a teacherId per record, with exactly its reason.
    const teacherRejections = problems.filter((p) => p.teacher_id === null && !p.detail.startsWith('registry record '));
    const expectedReasons = by('rejected').map((e) => (e.expect as { reason: string }).reason).sort();
    expect(teacherRejections.map((p) => p.detail).sort()).toEqual(expectedReasons);
    expect(teacherRejections.every((p) => p.code === 'SCHEMA_INVALID')).toBe(true);

    // Every other record is stored under its teacherId, valid or not as expected, with its problems.
    const stored = new Map(
      (await handle.db.selectFrom('teacher').select(['teacher_id', 'valid', 'problems']).execute()).map((t) => [t.teacher_id, t]),
    );
    const failures: string[] = [];
    const check = (ok: boolean, e: HostileTeacher, what: string) => {
      if (!ok) failures.push(`${e.category}: ${e.why}: ${what}`);
    };
    for (const e of teachers) {
      if (e.expect.kind === 'rejected') continue;
      const id = e.teacherId!;
      const row = stored.get(id);
      const mine = problems.filter((p) => p.teacher_id === id);
      const account = h.sims.srp.account(id);
      check(row !== undefined, e, 'not stored');
      switch (e.expect.kind) {
        case 'superseded':
          check(mine.some((p) => p.code === 'SCHEMA_INVALID' && e.expect.kind === 'superseded' && e.expect.reason.test(p.detail)), e, 'no problem says it was listed again');
          break;
        case 'quarantined': {
          const codes = [...new Set((JSON.parse(row?.problems ?? '[]') as { code: string }[]).map((p) => p.code))].sort();
          check(Number(row?.valid) === 0, e, 'stored as valid');
          check(JSON.stringify(codes) === JSON.stringify([...new Set(e.expect.codes)].sort()), e, `problems ${codes.join(',')}`);
          for (const code of e.expect.codes) check(mine.some((p) => p.code === code), e, `no ${code} recorded in the run`);
          check(account === undefined, e, 'pushed although quarantined');
          break;
        }
        case 'accepted':
          check(Number(row?.valid) === 1, e, `stored as invalid: ${row?.problems ?? ''}`);
          check(account?.status === 'active', e, 'no active account');
          for (const [k, v] of Object.entries(e.expect.account ?? {})) check(account?.[k as keyof typeof account] === v, e, `account ${k} is ${JSON.stringify(account?.[k as keyof typeof account])}`);
          break;
        case 'refused':
        case 'held': {
          const code = e.expect.code;
          check(Number(row?.valid) === 1, e, `stored as invalid: ${row?.problems ?? ''}`);
          check(mine.some((p) => p.code === code), e, `no ${code} recorded`);
          check(account === undefined, e, 'pushed');
          break;
        }
      }
    }
    expect(failures).toEqual([]);

    // The valid teachers of the world get their accounts as if nothing hostile had been there.
    const activeCodes = new Set(h.sims.srp.schools().filter((x) => x.status === 'active').map((x) => x.institutionCode));
    const worldWanted = h.sims.world.teachers.filter((t) => t.status === 'active' && activeCodes.has(t.institutionCode ?? ''));
    expect(worldWanted.length).toBeGreaterThan(WORLD_TEACHERS / 2);
    for (const t of worldWanted) expect(h.sims.srp.account(t.teacherId)?.status, t.teacherId).toBe('active');
    expect(h.sims.srp.accounts()).toHaveLength(worldWanted.length + by('accepted').length);

    // Registry: bad rows recorded with where they were, good ones in the snapshot as mapped.
    const registryProblems = problems.filter((p) => p.detail.startsWith('registry record ')).map((p) => p.detail);
    const rejectedRows = institutions.map((e, i) => [e, i] as const).filter(([e]) => e.expect.kind === 'rejected');
    expect(registryProblems).toHaveLength(rejectedRows.length);
    for (const [e, i] of rejectedRows) {
      const at = worldInstitutions + i;
      const prefix = `registry record page ${Math.floor(at / PAGE_SIZE) + 1} item ${(at % PAGE_SIZE) + 1}: `;
      const detail = registryProblems.find((d) => d.startsWith(prefix));
      expect(detail, `${e.why}: ${prefix}`).toBeDefined();
      expect(detail!.slice(prefix.length), e.why).toMatch((e.expect as { reason: RegExp }).reason);
    }
    const snapshot = new Map((await handle.db.selectFrom('registry_institution').select(['code', 'name', 'county_code', 'category', 'status']).execute()).map((x) => [x.code, x]));
    for (const e of institutions.filter((x): x is HostileInstitution & { expect: { kind: 'accepted' } } => x.expect.kind === 'accepted')) {
      const want = { ...e.expect.row, ...e.expect.stored };
      expect(snapshot.get(want.code), e.why).toEqual({ code: want.code, name: want.name, county_code: want.countyCode, category: want.category, status: want.status });
    }
    expect(snapshot.size).toBe(worldInstitutions + new Set(institutions.flatMap((e) => (e.expect.kind === 'accepted' ? [e.expect.row.code] : []))).size);

    // The county reports: every workbook and CSV opens, no cell is a formula or unsafe, and the hostile text is in them, neutralised.
    const runDir = join(reportDir, `run-${s.runId}`);
    const files = readdirSync(runDir);
    const xlsx = files.filter((f) => f.endsWith('.xlsx'));
    const csv = files.filter((f) => f.endsWith('.csv'));
    expect(xlsx.length).toBeGreaterThan(0);
    expect(csv.map((f) => f.replace(/\.csv$/, '')).sort()).toEqual(xlsx.map((f) => f.replace(/\.xlsx$/, '')).sort());
    const cells: string[] = [];
    for (const f of xlsx) cells.push(...(await workbookStrings(join(runDir, f))));
    expectSafeText(cells, 'xlsx');
    const fields: string[] = [];
    for (const f of csv) {
      const rows = parseCsv(readFileSync(join(runDir, f), 'utf8'));
      for (const row of rows) expect(row).toHaveLength(rows[0]!.length);
      fields.push(...rows.flat());
    }
    expectSafeText(fields, 'csv');
    const reached = [
      `'${REPORT_PAYLOADS.enteredSchoolName}`, `'${REPORT_PAYLOADS.registryName}`, `'${REPORT_PAYLOADS.teacherName}`, `'${REPORT_PAYLOADS.teacherId}`,
      `'${REPORT_PAYLOADS.plusSchoolName}`, `'${REPORT_PAYLOADS.minusSchoolName}`, `'${REPORT_PAYLOADS.fullWidthSchoolName}`, "'=2+2",
    ];
    for (const text of reached) {
      expect(cells, `xlsx: ${text}`).toContain(text);
      expect(fields, `csv: ${text}`).toContain(text);
    }

    // The mails: what schools typed is escaped, never markup.
    const emls = files.filter((f) => f.endsWith('.eml'));
    expect(emls).toContain('province-summary.eml');
    let html = '';
    for (const f of emls) html += String((await simpleParser(readFileSync(join(runDir, f)))).html);
    expect(html).not.toMatch(/<script|<img|<[a-z][^>]*\son[a-z]+=/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;胜利小学');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;小学');
    expect(html).not.toMatch(UNSHOWABLE);

    // The same hostile input again, in full: nothing is disabled, created or changed, and the run still completes.
    const before = accountSnapshot(h.sims);
    const again = await h.cli(['sync', '--full', '--json'], env);
    expect(again.code, again.stdout + again.stderr).toBe(3);
    const s2 = summaryOf(again);
    expect(s2.mode).toBe('full');
    expect(s2.created + s2.updated + s2.moved + s2.disabled).toBe(0);
    expect(s2.failed).toBe(by('refused').length);
    expect(accountSnapshot(h.sims)).toEqual(before);
  });

  it('reads a hostile registry CSV file: good rows taken, each bad line named, the run completes', async () => {
    await start('csv');
    const base = corpusBase(h.sims);
    const worldCsv = h.sims.registry.toCsv().trimEnd().split('\n');
    const hostile = hostileRegistryCsv(base);
    const file = join(dir, 'registry.csv');
    writeFileSync(file, `\uFEFF${[...worldCsv, ...hostile.lines].join('\r\n')}\r\n`);

    const r = await h.cli(['sync', '--json'], { ...env, REGISTRY_URL: '', REGISTRY_FILE: file });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(h.sims.registry.stats.total).toBe(0);
    const s = summaryOf(r);
    expect(s.status).toBe('succeeded');

    const handle = await db();
    const details = (await problemsOf(handle, s.runId)).filter((p) => p.detail.startsWith('registry record ')).map((p) => p.detail);
    // The header is line 1 and the world's rows follow it: the hostile lines start after them.
    const firstLine = worldCsv.length + 1;
    expect(details).toHaveLength(hostile.rejected.length);
    for (const bad of hostile.rejected) {
      const prefix = `registry record ${firstLine + bad.offset}: `;
      const detail = details.find((d) => d.startsWith(prefix));
      expect(detail, prefix).toBeDefined();
      expect(detail!.slice(prefix.length)).toMatch(bad.reason);
    }
    const snapshot = await handle.db.selectFrom('registry_institution').select(['code', 'name', 'county_code', 'category', 'status']).execute();
    expect(snapshot).toHaveLength(worldCsv.length - 1 + hostile.accepted.length);
    const byCode = new Map(snapshot.map((x) => [x.code, x]));
    for (const a of hostile.accepted) {
      expect(byCode.get(a.code), a.code).toEqual({ code: a.code, name: a.name, county_code: a.countyCode, category: a.category, status: a.status });
    }
    // The world's teachers are synced as from the registry's API.
    const activeCodes = new Set(h.sims.srp.schools().filter((x) => x.status === 'active').map((x) => x.institutionCode));
    const wanted = h.sims.world.teachers.filter((t) => t.status === 'active' && activeCodes.has(t.institutionCode ?? ''));
    expect(h.sims.srp.accounts().map((a) => a.externalId).sort()).toEqual(wanted.map((t) => t.teacherId).sort());
  });
});
