import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../src/core/pii-mask.js';
import { openDatabase } from '../../src/db/database.js';
import { KIND_LABELS, PERSON_LABELS } from '../../src/reports/finding-labels.js';
import { COUNTY_SHEET, PERSON_SHEET, SCHOOL_SHEET } from '../../src/reports/report-xlsx.js';
import { loadCounties } from '../../src/simulators/counties.js';
import type { SourceTeacherWire } from '../../src/simulators/index.js';
import type { DbKind } from '../support/databases.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

interface Received {
  rcptTo: string[];
  mail: ParsedMail;
}

interface SmtpSink {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps every message it is given. */
async function startSmtp(): Promise<SmtpSink> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          })
          .catch((e: unknown) => callback(e as Error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const PROVINCE = 'jsgzc@example.gov.cn';
const CITY_FALLBACK = '330200';
const address = (code: string) => `jyj-${code}@example.gov.cn`;

/** Every county of the simulators' world has its bureau, except Ningbo's, which share the city's. */
function writeBureaus(dir: string): string {
  const counties = loadCounties().filter((c) => !c.code.startsWith(CITY_FALLBACK.slice(0, 4)));
  const lines = [
    'province:', `  name: 浙江省教育厅教师工作处`, `  to: [${PROVINCE}]`,
    'cities:', `  '${CITY_FALLBACK}': { name: 宁波市教育局, to: [${address(CITY_FALLBACK)}] }`,
    'counties:', ...counties.map((c) => `  '${c.code}': { name: ${c.city}${c.name}教育局, to: [${address(c.code)}] }`),
  ];
  const file = join(dir, 'bureaus.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function expectedRecipient(county: string): string {
  if (county === '330000') return PROVINCE;
  return county.startsWith(CITY_FALLBACK.slice(0, 4)) ? address(CITY_FALLBACK) : address(county);
}

const REPORT_TAG = '【师训平台学校信息核对】';
const SUMMARY_TAG = '【教师账号同步】';

function countyOf(m: Received): string {
  const code = /（(\d{6})）/.exec(m.mail.subject ?? '')?.[1];
  if (!code) throw new Error(`no county in subject ${m.mail.subject ?? ''}`);
  return code;
}

const reports = (list: readonly Received[]) => list.filter((m) => m.mail.subject?.startsWith(REPORT_TAG) && !m.mail.subject.includes('已全部更正'));
const allClears = (list: readonly Received[]) => list.filter((m) => m.mail.subject?.startsWith(REPORT_TAG) && m.mail.subject.includes('已全部更正'));
const summaries = (list: readonly Received[]) => list.filter((m) => m.mail.subject?.startsWith(SUMMARY_TAG));

type Row = Record<string, string | number | null>;

/** The rows of one sheet of the XLSX attachment, keyed by the header row. */
async function sheetRows(m: Received, sheetName: string): Promise<Row[]> {
  const att = m.mail.attachments.find((a) => a.filename?.endsWith('.xlsx'));
  if (!att) throw new Error('no XLSX attachment');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(att.content as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  const header: string[] = [];
  sheet.getRow(1).eachCell((c, i) => { header[i] = String(c.value); });
  const rows: Row[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const r: Row = {};
    row.eachCell({ includeEmpty: true }, (c, i) => {
      if (c.formula) throw new Error(`cell ${c.address} is a formula`);
      r[header[i] ?? String(i)] = c.value as string | number | null;
    });
    rows.push(r);
  });
  return rows;
}

/** Everything a reader of a message sees: bodies, the CSV and every cell of the XLSX. */
async function readable(m: Received): Promise<string> {
  let text = `${m.mail.subject ?? ''}\n${m.mail.text ?? ''}\n${typeof m.mail.html === 'string' ? m.mail.html : ''}`;
  for (const a of m.mail.attachments) {
    if (a.filename?.endsWith('.csv')) text += a.content.toString('utf8');
    const sheets = m.mail.subject?.startsWith(SUMMARY_TAG) ? [COUNTY_SHEET] : [SCHOOL_SHEET, PERSON_SHEET];
    if (a.filename?.endsWith('.xlsx')) for (const s of sheets) text += JSON.stringify(await sheetRows(m, s));
  }
  return text;
}

interface FindingJson {
  countyCode: string;
  institutionCode: string;
  enteredName: string;
  registryName: string | null;
  kind: keyof typeof KIND_LABELS;
  score: number | null;
  teacherCount: number;
}

const clean = (s: string | null) => (s ?? '').normalize('NFKC').replace(/\s/g, '');

/** A teacher with a clean record at a school the student-record platform carries. */
function cleanTeacher(h: Harness): SourceTeacherWire {
  const active = new Set(h.sims.srp.schools().filter((s) => s.status === 'active').map((s) => s.institutionCode));
  const t = h.sims.ttp.list().find((x) => x.status === 'active' && !h.sims.world.anomalies.has(x.teacherId) && active.has(x.institutionCode ?? ''));
  if (!t) throw new Error('no clean teacher');
  return t;
}

describe.each<DbKind>(['sqlite', 'mariadb'])('name/code reports on %s', (kind) => {
  let smtp: SmtpSink;
  let bureausFile: string;
  const open: Harness[] = [];
  const harness = async () => {
    const h = await startHarness(kind);
    open.push(h);
    return h;
  };
  const mailEnv = () => ({ SMTP_URL: smtp.url, MAIL_FROM: '教师账号同步 <teacher-sync@example.gov.cn>', BUREAUS_FILE: bureausFile });

  beforeAll(async () => {
    smtp = await startSmtp();
    bureausFile = writeBureaus(mkdtempSync(join(tmpdir(), 'ts-bureaus-')));
  });
  afterAll(async () => {
    await smtp.close();
  });
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
    smtp.received.length = 0;
  });

  it('mails each county one report with its findings, masked ID numbers only, and nothing again for the same findings', async () => {
    const h = await harness();
    const conflicted = cleanTeacher(h);
    // A landline where a mobile number belongs: the student-record platform refuses the account (422).
    h.sims.ttp.update(conflicted.teacherId, { mobile: '057188886666' });

    const first = await h.cli(['sync', '--json'], mailEnv());
    expect(first.code, first.stderr).toBe(3);
    const findings = JSON.parse((await h.cli(['mismatches', 'list', '--json'], mailEnv())).stdout) as FindingJson[];
    expect(new Set(findings.map((f) => f.kind)).size).toBeGreaterThanOrEqual(4);
    expect(findings.find((f) => f.kind === 'NAME_MISMATCH')).toMatchObject({ registryName: expect.any(String), score: expect.any(Number) });

    const sent = [...smtp.received];
    const countyMails = reports(sent);
    const counties = countyMails.map(countyOf);
    expect(new Set(counties).size).toBe(counties.length);
    for (const county of new Set(findings.map((f) => f.countyCode))) expect(counties).toContain(county);

    for (const m of countyMails) {
      const county = countyOf(m);
      expect(m.rcptTo).toEqual([expectedRecipient(county)]);
      expect(m.mail.subject).toContain(REPORT_TAG);
      expect(m.mail.attachments.map((a) => a.filename?.split('.').pop()).sort()).toEqual(['csv', 'xlsx']);
      const rows = await sheetRows(m, SCHOOL_SHEET);
      const mine = findings.filter((f) => f.countyCode === county);
      expect(rows.map((r) => [r['学校标识码'], r['填报学校名称'], r['问题'], r['教师数']]).sort()).toEqual(
        mine.map((f) => [f.institutionCode, f.enteredName, KIND_LABELS[f.kind].label, f.teacherCount]).sort(),
      );
      for (const r of rows) expect(String(r['处理建议'])).not.toBe('');
    }

    // The refused account is reported, masked, to the county of its school.
    const conflictMail = countyMails.find((m) => countyOf(m) === conflicted.countyCode);
    expect(conflictMail, `report for ${conflicted.countyCode}`).toBeDefined();
    const people = await sheetRows(conflictMail!, PERSON_SHEET);
    expect(people).toContainEqual(expect.objectContaining({
      教师编号: conflicted.teacherId, '证件号码（脱敏）': maskIdNumber(conflicted.idNumber), 问题: PERSON_LABELS.PUSH_VALIDATION_FAILED.label,
    }));

    // Quarantined ID numbers appear masked in some report; no raw ID number or mobile appears in any mail.
    const wrongCheck = h.sims.ttp.list().filter((t) => h.sims.world.anomalies.get(t.teacherId)?.kind === 'wrong-check-char');
    expect(wrongCheck.length).toBeGreaterThan(0);
    const everything = (await Promise.all(sent.map(readable))).join('\n').toUpperCase();
    for (const t of wrongCheck) expect(everything).toContain(maskIdNumber(clean(t.idNumber).toUpperCase()));
    const secrets = h.sims.ttp.list().flatMap((t) => [t.idNumber, t.mobile]).map((v) => clean(v).toUpperCase()).filter((v) => /\d{8,}/.test(v));
    expect(secrets.length).toBeGreaterThan(500);
    expect(secrets.filter((s) => everything.includes(s))).toEqual([]);

    // The province gets the run's summary, with counties, kinds and the refused push.
    const [summary, ...more] = summaries(sent);
    expect(more).toEqual([]);
    expect(summary!.rcptTo).toEqual([PROVINCE]);
    expect(summary!.mail.subject).toContain(`第 ${summaryOf(first).runId} 次同步`);
    const html = String(summary!.mail.html);
    expect(html).toContain('PUSH_VALIDATION_FAILED');
    for (const county of new Set(findings.map((f) => f.countyCode))) expect(html).toContain(`（${county}）`);
    expect(html).toContain(KIND_LABELS.NAME_MISMATCH.label);

    // Same findings again: no county is told twice; the province still gets the run's summary.
    smtp.received.length = 0;
    const again = await h.cli(['sync', '--json'], mailEnv());
    expect(summaryOf(again).mode).toBe('delta');
    expect(reports(smtp.received)).toEqual([]);
    expect(allClears(smtp.received)).toEqual([]);
    expect(summaries(smtp.received)).toHaveLength(1);

    // On demand: a dry run sends nothing, a re-send goes to that county alone.
    const county = counties[0]!;
    smtp.received.length = 0;
    const dry = await h.cli(['report', 'send', '--county', county, '--dry-run'], mailEnv());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would-send/);
    expect(smtp.received).toEqual([]);
    const resend = await h.cli(['report', 'send', '--county', county], mailEnv());
    expect(resend.code, resend.stderr).toBe(0);
    expect(smtp.received.map((m) => [countyOf(m), m.rcptTo])).toEqual([[county, [expectedRecipient(county)]]]);
  });

  it('sends one all-clear to a county whose schools corrected their entries', async () => {
    const h = await harness();
    expect((await h.cli(['sync', '--json'], mailEnv())).code).toBe(0);
    const findings = JSON.parse((await h.cli(['mismatches', 'list', '--json'], mailEnv())).stdout) as FindingJson[];
    const fixable = new Set(['NAME_MISMATCH', 'CODE_MISSING', 'CODE_MALFORMED']);
    const byName = new Map(h.sims.world.institutions.map((i) => [clean(i.name), i]));
    let target: string | null = null;
    for (const m of reports(smtp.received)) {
      const county = countyOf(m);
      const mine = findings.filter((f) => f.countyCode === county);
      if ((await sheetRows(m, PERSON_SHEET)).length > 0 || mine.length === 0) continue;
      if (mine.every((f) => fixable.has(f.kind) && (f.kind === 'NAME_MISMATCH' || byName.has(clean(f.enteredName))))) {
        target = county;
        break;
      }
    }
    expect(target, 'a county whose findings the schools can fix').not.toBeNull();

    for (const f of findings.filter((x) => x.countyCode === target)) {
      const teachers = h.sims.ttp.list().filter((t) => clean(t.institutionCode) === f.institutionCode && (t.institutionName ?? '').trim() === f.enteredName);
      expect(teachers.length).toBe(f.teacherCount);
      for (const t of teachers) {
        if (f.kind === 'NAME_MISMATCH') h.sims.ttp.update(t.teacherId, { institutionName: f.registryName });
        else h.sims.ttp.update(t.teacherId, { institutionCode: byName.get(clean(f.enteredName))!.code });
      }
    }

    smtp.received.length = 0;
    expect((await h.cli(['sync', '--json'], mailEnv())).code).toBe(0);
    expect(JSON.parse((await h.cli(['mismatches', 'list', '--county', target!, '--json'], mailEnv())).stdout)).toEqual([]);
    expect(reports(smtp.received)).toEqual([]);
    const clear = allClears(smtp.received);
    expect(clear.map((m) => [countyOf(m), m.rcptTo])).toEqual([[target, [expectedRecipient(target!)]]]);
    expect(String(summaries(smtp.received)[0]?.mail.html)).toContain('已全部更正');

    smtp.received.length = 0;
    await h.cli(['sync', '--json'], mailEnv());
    expect(allClears(smtp.received)).toEqual([]);
    expect(reports(smtp.received)).toEqual([]);
  });

  it('keeps the sync going when the mail server is down, and delivers on the next run', async () => {
    const h = await harness();
    const down = await startSmtp();
    await down.close();
    const failed = await h.cli(['sync', '--json'], { ...mailEnv(), SMTP_URL: down.url });
    expect(failed.code, failed.stderr).toBe(0);
    expect(summaryOf(failed).status).toBe('succeeded');
    expect(smtp.received).toEqual([]);
    const handle = await openDatabase({ url: h.database.url, kind: kind === 'sqlite' ? 'sqlite' : 'mysql' });
    try {
      const rows = await handle.db.selectFrom('report_delivery').select(['status', 'kind', 'error']).execute();
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.every((r) => r.status === 'failed' && (r.error ?? '') !== '')).toBe(true);
      expect(rows.map((r) => r.kind)).toContain('summary');
    } finally {
      await handle.close();
    }

    const next = await h.cli(['sync', '--json'], mailEnv());
    expect(next.code).toBe(0);
    const findings = JSON.parse((await h.cli(['mismatches', 'list', '--json'], mailEnv())).stdout) as FindingJson[];
    const counties = reports(smtp.received).map(countyOf);
    for (const county of new Set(findings.map((f) => f.countyCode))) expect(counties).toContain(county);
  });

  it('writes .eml, .xlsx and .csv files under REPORT_DIR when no SMTP server is configured', async () => {
    const h = await harness();
    const dir = mkdtempSync(join(tmpdir(), 'ts-reports-'));
    const r = await h.cli(['sync', '--json'], { REPORT_DIR: dir, BUREAUS_FILE: bureausFile });
    expect(r.code, r.stderr).toBe(0);
    const runDir = join(dir, `run-${summaryOf(r).runId}`);
    const files = readdirSync(runDir);
    expect(files).toContain('province-summary.eml');
    const emls = files.filter((f) => /^\d{6}-report\.eml$/.test(f));
    expect(emls.length).toBeGreaterThan(0);
    for (const eml of emls) {
      const stem = eml.replace(/\.eml$/, '');
      expect(files).toContain(`${stem}.xlsx`);
      expect(files).toContain(`${stem}.csv`);
      const mail = await simpleParser(readFileSync(join(runDir, eml)));
      expect(mail.subject).toContain(`（${stem.slice(0, 6)}）`);
      expect(readFileSync(join(runDir, `${stem}.csv`), 'utf8').startsWith('\uFEFF类别,')).toBe(true);
    }
    expect(smtp.received).toEqual([]);
  });
});
