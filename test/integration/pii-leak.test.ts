import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { maskIdNumber } from '../../src/core/pii-mask.js';
import { openDatabase } from '../../src/db/database.js';
import { loadCounties } from '../../src/simulators/counties.js';
import { residentIdCheckChar, type SourceTeacherWire } from '../../src/simulators/index.js';
import type { DbKind } from '../support/databases.js';
import { startHarness, summaryOf, type CliResult, type Harness } from '../support/harness.js';
import {
  dumpDatabase, folderHaystacks, idNumberForms, LeakScanner, longNumberCells, mailHaystacks, mobileForms, sqliteFiles,
  type Haystack, type Needle,
} from '../support/leak-scan.js';
import { startEchoProxy, type EchoProxy } from '../support/echo-proxy.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

const SEED = 23;
const TEACHERS = 300;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const clean = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]/g, '').toUpperCase();

/** A resident ID number of this run's own: born in 1970-1979 in Hangzhou, a valid check character unless told. */
function residentId(opts: { x?: boolean; wrongCheck?: boolean } = {}): string {
  for (;;) {
    const first17 = `330106197${randomInt(10)}0${randomInt(1, 10)}1${randomInt(10)}${digits(3)}`;
    const check = residentIdCheckChar(first17);
    if (opts.x !== undefined && opts.x !== (check === 'X')) continue;
    if (!opts.wrongCheck) return first17 + check;
    return first17 + [...'0123456789X'].find((c) => c !== check)!;
  }
}
const oldForm = (id18: string) => id18.slice(0, 6) + id18.slice(8, 17);
const mobile = () => `1${randomInt(3, 10)}${digits(9)}`;
/** Names as the rules take them: no digits or Latin letters. */
const NAMES = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴霞', '徐亮', '孙丽', '胡军', '朱琳', '高峰', '林涛', '何静', '郭强', '马超', '罗敏', '梁晨', '宋佳', '谢婷', '韩冰'];

/** An account written to the student-record platform by another client, under an external id of its own. */
async function putForeignAccount(h: Harness, clientSecret: string, externalId: string, body: Record<string, unknown>): Promise<void> {
  const base = h.sims.urls.srp;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'teacher-sync', client_secret: clientSecret });
  const token = ((await (await fetch(`${base}/oauth/token`, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
  const res = await fetch(`${base}/api/v1/teacher-accounts/${externalId}`, {
    method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ gender: null, mobile: null, email: null, status: 'active', ...body }),
  });
  if (res.status !== 201) throw new Error(`PUT ${externalId}: HTTP ${res.status} ${await res.text()}`);
}

interface Planted {
  key: string;
  /** What the record tests, for failure messages. */
  label: string;
  record: SourceTeacherWire;
}

/** Exit codes a sync may end with here: 0, or 3 when the platform refused some accounts. */
const SYNC_OK = [0, 3];

/** Commands that are not run here, and why. Every other command must be run below, with and without --json. */
const NOT_RUN: Record<string, string> = {
  migrate: 'prints migration names only',
  daemon: 'long-running; what it writes goes through the same logger and reports as sync',
  worker: 'long-running; as daemon',
  'run-now': 'needs Redis; prints the summary sync prints',
  'queue status': 'needs Redis; prints job counts and ids',
  'queue retry-failed': 'needs Redis; prints job counts',
  serve: 'long-running; its pages and downloads are scanned in a browser by test/integration/console-pages.test.ts',
};

/** A teacher of a clean record at a school the student-record platform carries once. */
function templateTeacher(h: Harness): SourceTeacherWire {
  const schools = h.sims.srp.schools().filter((s) => s.status === 'active');
  const once = new Set(schools.filter((s) => schools.filter((o) => o.institutionCode === s.institutionCode).length === 1).map((s) => s.institutionCode));
  const t = h.sims.ttp.list().find((x) => x.status === 'active' && !h.sims.world.anomalies.has(x.teacherId) && once.has(x.institutionCode ?? ''));
  if (!t) throw new Error('no clean teacher at a single-campus school');
  return t;
}

/** Every form of every ID number and mobile the teacher-training platform lists now. */
function recordNeedles(h: Harness): Needle[] {
  return h.sims.ttp.list().flatMap((t) => [
    ...(t.idNumber ? idNumberForms(t.idNumber).map((value) => ({ value, what: `${t.teacherId} ID number` })) : []),
    ...(t.mobile ? mobileForms(t.mobile).map((value) => ({ value, what: `${t.teacherId} mobile` })) : []),
  ]).filter((n) => clean(n.value).length >= 5);
}

function leafCommands(program: Command, prefix: string[] = []): string[] {
  return program.commands.flatMap((c) => (c.commands.length === 0 ? [[...prefix, c.name()].join(' ')] : leafCommands(c, [...prefix, c.name()])));
}

describe.each<DbKind>(['sqlite', 'mariadb'])('no ID number, mobile or secret escapes on %s', (kind) => {
  const secrets = {
    clientSecret: `client-secret-${hex(12)}`,
    piiKey: `pii-key-${hex(16)}`,
    smtpUser: 'reports',
    smtpPassword: `smtp-pw-${hex(10)}`,
  };
  let h: Harness;
  let smtp: SmtpSink;
  let dir: string;
  let logFile: string;
  let reportDir: string;
  let env: Record<string, string>;
  let smtpEnv: Record<string, string>;
  const planted = new Map<string, Planted>();
  /** Every value of every record, in every form, seen on the platforms during the test. */
  const needles = new Map<string, Needle>();
  const outputs: { args: string[]; spawned: boolean; result: CliResult }[] = [];
  const syncs: Record<string, CliResult> = {};
  let commandsRun: string[] = [];
  let scanner: LeakScanner;

  const addNeedles = (values: string[], what: string) => {
    for (const v of values) if (clean(v).length >= 5 && !needles.has(v)) needles.set(v, { value: v, what });
  };
  const collectNeedles = () => {
    for (const t of h.sims.ttp.list()) {
      if (t.idNumber) addNeedles(idNumberForms(t.idNumber), `${t.teacherId} ID number`);
      if (t.mobile) addNeedles(mobileForms(t.mobile), `${t.teacherId} mobile`);
    }
    for (const a of h.sims.srp.accounts()) {
      addNeedles(idNumberForms(a.idNumber), `account ${a.accountId} ID number`);
      if (a.mobile) addNeedles(mobileForms(a.mobile), `account ${a.accountId} mobile`);
    }
  };

  const spawn = async (args: string[], extra: Record<string, string> = {}): Promise<CliResult> => {
    const result = await h.spawnCli(args, { ...env, ...extra }).done;
    outputs.push({ args, spawned: true, result });
    return result;
  };
  const inProcess = async (args: string[], extra: Record<string, string> = {}): Promise<CliResult> => {
    const result = await h.cli(args, { ...env, ...extra });
    outputs.push({ args, spawned: false, result });
    return result;
  };

  async function plant(template: SourceTeacherWire): Promise<void> {
    const school = h.sims.srp.schools().find((s) => s.institutionCode === template.institutionCode)!;
    let n = 0;
    const add = (key: string, label: string, fields: Partial<SourceTeacherWire>) => {
      const record: SourceTeacherWire = {
        ...template, teacherId: `T9${String(++n).padStart(7, '0')}`, name: NAMES[n % NAMES.length]!, idType: 'resident_id', mobile: mobile(),
        email: null, status: 'active', updatedAt: '2026-10-20T10:00:00+08:00', ...fields,
      };
      h.sims.ttp.upsert(record);
      planted.set(key, { key, label, record });
    };
    const handMade = (idNumber: string) =>
      h.sims.srp.createManualAccount({ name: '手工账号', idType: 'resident_id', idNumber, schoolId: school.schoolId, mobile: mobile() });

    add('wrongCheck', 'wrong check character', { idNumber: residentId({ wrongCheck: true }) });
    add('lowerX', 'lower-case x', { idNumber: residentId({ x: true }).toLowerCase() });
    add('fullWidth', 'full-width digits', { idNumber: fullWidth(residentId()) });
    add('old15', '15-digit number', { idNumber: oldForm(residentId()) });
    const dup = residentId();
    add('duplicateA', 'one person registered twice (first)', { idNumber: dup });
    add('duplicateB', 'one person registered twice (second, typed with gaps)', { idNumber: `${dup.slice(0, 6)} ${dup.slice(6, 14)} ${dup.slice(14)}` });
    const conflict = residentId();
    handMade(conflict);
    add('conflict', '409: the platform has a hand-made account, which is then bound', { idNumber: conflict });
    const conflictFullWidth = residentId();
    handMade(conflictFullWidth);
    add('conflictFullWidth', '409, full-width on the source', { idNumber: fullWidth(conflictFullWidth) });
    const conflictOld = residentId();
    handMade(conflictOld);
    add('conflictOld15', '409, 15-digit on the source', { idNumber: oldForm(conflictOld) });
    add('landline', '422: the platform refuses a landline as mobile', { idNumber: residentId(), mobile: `0571-${digits(4)} ${digits(4)}` });
    add('plus86', 'mobile with +86 and dashes', { idNumber: residentId(), mobile: `+86 ${mobile().replace(/^(\d{3})(\d{4})(\d{4})$/, '$1-$2-$3')}` });
    add('fullWidthMobile', 'full-width mobile', { idNumber: residentId(), mobile: fullWidth(mobile()) });
    add('passport', 'passport', { idType: 'passport', idNumber: `E${digits(8)}` });
    add('hkPermit', 'Hong Kong permit', { idType: 'hk_macao_permit', idNumber: `H${digits(10)}` });
    add('taiwanPermit', 'Taiwan permit of 8 digits', { idType: 'taiwan_permit', idNumber: digits(8) });
    add('lowerXWrong', 'lower-case x where the check character is a digit', { idNumber: residentId({ x: false }).slice(0, 17).concat('x') });
    add('badDate', 'impossible birth date', { idNumber: (() => { const f = `33010619751341${digits(3)}`; return f + residentIdCheckChar(f); })() });
    add('gaps', 'gaps and a full-width space', { idNumber: (() => { const id = residentId(); return ` ${id.slice(0, 6)}　${id.slice(6)} `; })() });
    add('badCode', 'quarantined for its institution code', { idNumber: residentId(), institutionCode: '21330' });
    // Accounts another client wrote: one of a planted teacher (409, then bound), one of nobody the daemon knows (an orphan).
    const foreign = residentId();
    add('foreignHeld', '409: another external id holds the account', { idNumber: foreign });
    await putForeignAccount(h, secrets.clientSecret, 'TX0000001', { name: '他处账号', idType: 'resident_id', idNumber: foreign, mobile: mobile(), schoolId: school.schoolId });
    await putForeignAccount(h, secrets.clientSecret, 'TX0000002', { name: '无主账号', idType: 'resident_id', idNumber: residentId(), mobile: mobile(), schoolId: school.schoolId });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ts-pii-leak-'));
    logFile = join(dir, 'logs', 'teacher-sync.log');
    reportDir = join(dir, 'reports');
    smtp = await startSmtpSink({ auth: { user: secrets.smtpUser, password: secrets.smtpPassword } });
    h = await startHarness(kind, { seed: SEED, teachers: TEACHERS, messiness: 0.3, clientSecret: secrets.clientSecret });
    const counties = loadCounties();
    const bureaus = join(dir, 'bureaus.yaml');
    writeFileSync(bureaus, [
      'province:', '  name: 浙江省教育厅教师工作处', '  to: [jsgzc@example.gov.cn]', 'counties:',
      ...counties.map((c) => `  '${c.code}': { name: ${c.city}${c.name}教育局, to: [jyj-${c.code}@example.gov.cn] }`), '',
    ].join('\n'));
    env = {
      TTP_CLIENT_SECRET: secrets.clientSecret, SRP_CLIENT_SECRET: secrets.clientSecret, PII_KEY: secrets.piiKey,
      LOG_LEVEL: 'trace', LOG_FILE: logFile, REPORT_DIR: reportDir, BUREAUS_FILE: bureaus,
    };
    smtpEnv = { SMTP_URL: smtp.url, MAIL_FROM: '教师账号同步 <teacher-sync@example.gov.cn>' };

    const template = templateTeacher(h);
    await plant(template);
    collectNeedles();

    // A full run, then a delta run, both mailing their reports.
    syncs['full'] = await spawn(['sync', '--json'], smtpEnv);
    const p = (key: string) => planted.get(key)!.record.teacherId;
    h.sims.ttp.update(p('wrongCheck'), { idNumber: residentId({ wrongCheck: true }) });
    h.sims.ttp.update(p('plus86'), { mobile: `+86-${mobile()}` });
    h.sims.ttp.update(p('lowerXWrong'), { idNumber: residentId({ x: true }).toLowerCase() });
    h.sims.ttp.update(p('conflict'), { mobile: mobile() });
    h.sims.ttp.update(p('fullWidth'), { status: 'left' });
    const withAccount = h.sims.ttp.list().find((t) => !t.teacherId.startsWith('T9') && h.sims.srp.account(t.teacherId)?.status === 'active')!;
    h.sims.ttp.update(withAccount.teacherId, { mobile: fullWidth(mobile()) });
    h.sims.ttp.upsert({ ...template, teacherId: 'T9999999', name: '欧阳明', idNumber: fullWidth(residentId()), mobile: mobile(), updatedAt: '2026-11-20T10:00:00+08:00' });
    collectNeedles();
    // The delta run meets errors, rate limits, resets, a cut-off page and revoked tokens on the way.
    const sims = [h.sims.ttp, h.sims.registry, h.sims.srp];
    for (const sim of sims) sim.faults = { errorRate: 0.1, rateLimitRate: 0.05, retryAfterSeconds: 0, resetRate: 0.03 };
    h.sims.ttp.faults.truncateNextPage = true;
    h.sims.srp.revokeTokens();
    syncs['delta'] = await spawn(['sync'], smtpEnv);
    for (const sim of sims) sim.faults = {};

    // Runs that fail: a platform that cannot be reached, a client secret the platform refuses.
    syncs['unreachable'] = await spawn(['sync', '--json'], { SRP_BASE_URL: 'http://127.0.0.1:9' });
    syncs['badSecret'] = await spawn(['sync', '--json'], { TTP_CLIENT_SECRET: `${secrets.clientSecret}-old` });

    // A full run with its reports kept as files, and reports sent again both ways.
    syncs['fullToFiles'] = await spawn(['sync', '--full', '--json']);
    const county = template.countyCode!;
    syncs['reportFiles'] = await spawn(['report', 'send']);
    syncs['reportSmtp'] = await spawn(['report', 'send', '--county', county], smtpEnv);
    // A password the server refuses, which holds the right one: it must not be echoed either.
    syncs['reportBadLogin'] = await spawn(['report', 'send', '--county', county], { ...smtpEnv, SMTP_URL: smtp.url.replace(secrets.smtpPassword, `${secrets.smtpPassword}-old`) });

    // A manual assignment pushed at once, and undone.
    const otherSchool = h.sims.srp.schools().find((s) => s.status === 'active' && s.institutionCode !== template.institutionCode)!;
    syncs['reassign'] = await spawn(['reassign', '--teacher', p('lowerX'), '--school', otherSchool.schoolId, '--reason', '调动测试', '--by', 'tester', '--force', '--push-now', '--json'], smtpEnv);
    collectNeedles();

    // Changes made on the platform by hand, which a reconciliation finds and repairs.
    const linked = h.sims.srp.accounts().filter((a) => a.externalId !== null && a.status === 'active' && !a.externalId.startsWith('T9'));
    h.sims.srp.moveAccount(linked[0]!.accountId, otherSchool.schoolId);
    h.sims.srp.setAccountStatus(linked[1]!.accountId, 'disabled');
    h.sims.srp.deleteAccount(linked[2]!.accountId);
    syncs['reconcile'] = await spawn(['reconcile', '--json'], smtpEnv);
    await inProcess(['reconcile']);
    syncs['repair'] = await spawn(['reconcile', '--repair', '--json'], smtpEnv);
    collectNeedles();

    // Every command that prints data, as text and as JSON.
    const campuses = new Map<string, number>();
    for (const s of h.sims.srp.schools()) campuses.set(s.institutionCode, (campuses.get(s.institutionCode) ?? 0) + 1);
    const sharedCode = [...campuses].find(([, n]) => n > 1)?.[0] ?? template.institutionCode!;
    const runId = String(summaryOf(syncs['full']).runId);
    const invocations: string[][] = [
      ['runs', 'list'], ['runs', 'show', runId], ['mismatches', 'list'], ['mismatches', 'list', '--run', runId], ['mismatches', 'list', '--county', county],
      ['overrides', 'list'], ['overrides', 'list', '--stale'], ['audit', 'list'], ['audit', 'list', '--teacher', p('lowerX')],
      ['shared-codes', 'list'], ['shared-codes', 'show', sharedCode], ['shared-codes', 'show', template.institutionCode!],
      ['rollout', 'status'],
      ...[...planted.values()].flatMap((x) => [['accounts', 'show', '--teacher', x.record.teacherId], ['accounts', 'explain', '--teacher', x.record.teacherId]]),
      ['accounts', 'show', '--teacher', withAccount.teacherId], ['accounts', 'explain', '--teacher', withAccount.teacherId],
    ];
    const leaves = leafCommands(buildProgram({ env: {}, out: () => {}, err: () => {}, stderr: process.stderr, isTty: false, setExitCode: () => {} }));
    const exists = (args: string[]) => leaves.find((l) => args.join(' ').startsWith(l));
    for (const args of invocations.filter((a) => exists(a))) {
      await inProcess(args);
      await inProcess([...args, '--json']);
    }
    await inProcess(['sync', '--dry-run', '--json']);
    await inProcess(['sync', '--dry-run']);
    await inProcess(['report', 'send', '--dry-run']);
    await spawn(['reassign', '--undo', p('lowerX'), '--reason', '撤销测试', '--by', 'tester', '--json']);
    commandsRun = outputs.map((o) => exists(o.args)).filter((c): c is string => c !== undefined);

    const tokens = [...h.sims.ttp.issuedTokens(), ...h.sims.srp.issuedTokens()];
    const secretNeedles: Needle[] = [
      { value: secrets.clientSecret, what: 'platform client secret' },
      { value: secrets.piiKey, what: 'PII_KEY' },
      { value: secrets.smtpPassword, what: 'SMTP password' },
      { value: Buffer.from(`\0${secrets.smtpUser}\0${secrets.smtpPassword}`).toString('base64'), what: 'SMTP AUTH PLAIN' },
      { value: Buffer.from(secrets.smtpPassword).toString('base64'), what: 'SMTP AUTH LOGIN' },
      ...tokens.map((t) => ({ value: t, what: 'access token issued by a simulator' })),
    ];
    scanner = new LeakScanner([...needles.values(), ...secretNeedles]);
  }, 300_000);

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const p = (key: string) => planted.get(key)!;
  /** The mask of the ID number a planted teacher has now (some were changed after the first run). */
  const masked = (key: string) => maskIdNumber(clean(h.sims.ttp.get(p(key).record.teacherId)?.idNumber ?? ''));
  const maskedAtFirst = (key: string) => maskIdNumber(clean(p(key).record.idNumber ?? ''));
  const outputHaystacks = (): Haystack[] =>
    outputs.flatMap((o, i) => [
      { source: `stdout of #${i} ${o.spawned ? 'spawned' : 'in-process'} ${o.args.join(' ')}`, text: o.result.stdout },
      { source: `stderr of #${i} ${o.spawned ? 'spawned' : 'in-process'} ${o.args.join(' ')}`, text: o.result.stderr },
    ]);
  const mailStacks = (): Haystack[] => smtp.received.flatMap((m, i) => mailHaystacks(`mail #${i} "${m.mail.subject ?? ''}" to ${m.rcptTo.join(',')}`, m.mail, m.raw));

  it('ran the syncs, reports and commands it scans', () => {
    expect(syncs['full']!.code, syncs['full']!.stderr).toBe(3);
    const full = summaryOf(syncs['full']!);
    expect(full.mode).toBe('full');
    expect(full.problems).toMatchObject({ PUSH_VALIDATION_FAILED: 1, DUPLICATE_PERSON: expect.any(Number), ID_NUMBER_INVALID: expect.any(Number) });
    // The platform refused the accounts it already had (409), and the daemon bound them.
    const refused = h.sims.srp.pushLog.filter((e) => e.status === 409).map((e) => e.externalId);
    expect(refused).toEqual(expect.arrayContaining(['conflict', 'conflictFullWidth', 'conflictOld15'].map((k) => p(k).record.teacherId)));
    expect((full.problems as Record<string, number>)['ACCOUNT_LINKED']).toBeGreaterThanOrEqual(3);
    expect(full.quarantined).toBeGreaterThan(15);
    expect(SYNC_OK, syncs['delta']!.stderr).toContain(syncs['delta']!.code);
    expect(syncs['delta']!.stdout).toMatch(/\(delta\)/);
    expect(SYNC_OK, syncs['fullToFiles']!.stderr).toContain(syncs['fullToFiles']!.code);
    expect(syncs['unreachable']!.code).toBe(5); // a platform unavailable after every retry
    expect(String(summaryOf(syncs['unreachable']!)['error'])).toMatch(/^srp .*ECONNREFUSED/);
    expect(syncs['badSecret']!.code).toBe(1);
    expect(String(summaryOf(syncs['badSecret']!)['error'])).toMatch(/token request refused/);
    expect(syncs['reportFiles']!.code, syncs['reportFiles']!.stderr).toBe(0);
    expect(syncs['reportSmtp']!.code, syncs['reportSmtp']!.stderr).toBe(0);
    expect(syncs['reportBadLogin']!.code).toBe(1);
    expect(syncs['reportBadLogin']!.stderr).toMatch(/not delivered: .*EAUTH/);
    expect(SYNC_OK, syncs['reassign']!.stderr).toContain(syncs['reassign']!.code);
    expect(syncs['reconcile']!.code, syncs['reconcile']!.stderr).not.toBe(2);
    expect(syncs['repair']!.code, syncs['repair']!.stderr).not.toBe(2);
    expect(syncs['reconcile']!.stdout, 'the reconciliation found the changes made by hand').toMatch(/"(drifted|missing|adopted)":[1-9]/);
    // The platform holds the normalised forms: the 15-digit number went up as 18 digits, x as X.
    const accounts = JSON.stringify(h.sims.srp.accounts());
    const old15 = idNumberForms(p('old15').record.idNumber!).find((f) => /^\d{17}[\dX]$/.test(f))!;
    expect(accounts).toContain(old15);
    expect(accounts).toContain(p('lowerX').record.idNumber!.toUpperCase());
    expect(accounts).toContain(clean(p('fullWidth').record.idNumber!));

    // Every command is run here or set aside with a reason; a new command must be added to one or the other.
    const leaves = leafCommands(buildProgram({ env: {}, out: () => {}, err: () => {}, stderr: process.stderr, isTty: false, setExitCode: () => {} }));
    expect(leaves.filter((c) => !commandsRun.includes(c) && !(c in NOT_RUN))).toEqual([]);
    for (const o of outputs.filter((x) => !['sync', 'reassign', 'reconcile', 'report'].includes(x.args[0]!))) {
      expect(o.result.code, `${o.args.join(' ')}: ${o.result.stderr}`).toBe(0);
    }
    expect(outputs.filter((o) => o.args.includes('--json')).length).toBeGreaterThan(20);
  });

  it('has a scanner that finds every form it looks for, and not the masked ones', () => {
    expect(needles.size).toBeGreaterThan(TEACHERS * 6);
    // Each form of each planted value is found where it really is: the source records and the platform's accounts.
    const sources = [
      { source: 'teacher-training records', text: JSON.stringify(h.sims.ttp.list()) },
      { source: 'student-record accounts', text: JSON.stringify(h.sims.srp.accounts()) },
    ];
    const found = new Set(scanner.scanAll(sources).map((l) => l.value));
    let checked = 0;
    for (const t of h.sims.ttp.list()) {
      for (const v of [t.idNumber, t.mobile]) {
        if (v === null || clean(v).length < 5) continue;
        expect(found, `${t.teacherId}: ${v}`).toContain(v.toUpperCase());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(TEACHERS * 1.5);
    // The normalised forms the platform holds are among the forms looked for.
    for (const key of ['fullWidth', 'lowerX', 'gaps', 'conflictFullWidth']) expect(found, key).toContain(clean(p(key).record.idNumber!));
    // An 8-digit permit number is found on its own, not inside a longer number.
    const taiwan = p('taiwanPermit').record.idNumber!;
    expect(scanner.scan({ source: 'alone', text: `"idNumber":"${taiwan}"` }).map((l) => l.value)).toEqual([taiwan]);
    expect(scanner.scan({ source: 'inside', text: `1${taiwan}2` })).toEqual([]);
    // Masks are allowed.
    const masks = [...planted.keys()].map(masked).join('\n');
    expect(masks).toMatch(/\*{8}/);
    expect(scanner.scan({ source: 'masks', text: masks })).toEqual([]);
  });

  it('keeps no ID number, mobile or secret in any table or column of the database', async () => {
    const tables = await dumpDatabase(h.database.url, kind);
    expect(tables.length).toBeGreaterThanOrEqual(13);
    const teacher = tables.find((t) => t.source.startsWith('database table teacher '))!;
    expect(teacher.text).toContain(masked('wrongCheck'));
    expect(scanner.scanAll(tables)).toEqual([]);
    if (kind === 'sqlite') {
      const files = sqliteFiles(h.database.url);
      expect(files.length).toBeGreaterThan(0);
      expect(scanner.scanAll(files)).toEqual([]);
    }

    // The dump reads tables it does not know of: a value planted in a new table is found.
    const handle = await openDatabase({ url: h.database.url, kind: kind === 'sqlite' ? 'sqlite' : 'mysql' });
    try {
      await sql`create table zz_leak_probe (v varchar(64))`.execute(handle.db);
      await sql`insert into zz_leak_probe (v) values (${clean(p('conflict').record.idNumber!)})`.execute(handle.db);
      const again = scanner.scanAll(await dumpDatabase(h.database.url, kind));
      expect(again.map((l) => l.source)).toEqual([expect.stringMatching(/^database table zz_leak_probe /)]);
    } finally {
      await sql`drop table if exists zz_leak_probe`.execute(handle.db);
      await handle.close();
    }
  });

  it('writes no ID number, mobile or secret to the log at trace level', () => {
    expect(existsSync(logFile)).toBe(true);
    const log = readFileSync(logFile, 'utf8');
    const lines = log.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level <= 20).length, 'debug and trace lines').toBeGreaterThan(30);
    // Three spawned syncs that finished, two that failed, and the two dry runs made in this process.
    const count = (msg: string) => lines.filter((l) => l.msg === msg).length;
    expect(count('sync finished')).toBeGreaterThanOrEqual(3);
    expect(count('sync failed')).toBeGreaterThanOrEqual(2);
    expect(count('sync started')).toBeGreaterThanOrEqual(7);
    expect(count('platform call failed, retrying')).toBeGreaterThan(0);
    const leaks = scanner.scan({ source: 'log file', text: log });
    expect(leaks).toEqual([]);
    expect(scanner.scan({ source: 'log file with a planted value', text: `${log}{"idNumber":"${p('old15').record.idNumber!}"}` })).toHaveLength(1);
  });

  it('prints no ID number, mobile or secret on stdout or stderr, JSON included', () => {
    const stacks = outputHaystacks();
    const shown = outputs.find((o) => o.args.join(' ') === `accounts show --teacher ${p('wrongCheck').record.teacherId} --json`);
    expect(shown?.result.stdout).toContain(masked('wrongCheck'));
    expect(scanner.scanAll(stacks)).toEqual([]);
    const planted15 = `${stacks[0]!.text}${idNumberForms(p('old15').record.idNumber!).at(-1)!}`;
    expect(scanner.scan({ source: 'planted', text: planted15 })).toHaveLength(1);
  });

  it('puts no ID number, mobile or secret in the report files: .eml, .xlsx (every part) and .csv', async () => {
    const { files, haystacks } = await folderHaystacks(reportDir);
    expect(files.filter((f) => f.endsWith('.eml')).length).toBeGreaterThan(1);
    expect(files.filter((f) => f.endsWith('.xlsx')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('.csv')).length).toBeGreaterThan(0);
    const text = (ext: string) => haystacks.filter((s) => s.source.includes(ext)).map((s) => s.text).join('\n');
    for (const ext of ['.xlsx xl/sharedStrings.xml', '.csv']) expect(text(ext), ext).toContain(masked('wrongCheck'));
    expect(scanner.scanAll(haystacks)).toEqual([]);
    expect(longNumberCells(haystacks)).toEqual([]);
  });

  it('mails no ID number, mobile or secret, in bodies or attachments, through an SMTP server that needs a login', () => {
    expect(smtp.logins.length).toBeGreaterThan(0);
    expect(smtp.logins.every((u) => u === secrets.smtpUser)).toBe(true);
    expect(smtp.received.length).toBeGreaterThan(2);
    const stacks = mailStacks();
    const attachments = stacks.filter((s) => s.source.includes(' attachment '));
    expect(attachments.some((s) => s.source.endsWith('.csv'))).toBe(true);
    expect(attachments.some((s) => s.source.includes('.xlsx xl/worksheets/'))).toBe(true);
    const all = stacks.map((s) => s.text).join('\n');
    expect(all).toContain(maskedAtFirst('wrongCheck'));
    expect(all).toContain(maskedAtFirst('badDate'));
    expect(scanner.scanAll(stacks)).toEqual([]);
    expect(longNumberCells(stacks)).toEqual([]);
  });

  it('lets no secret through: client secrets, PII_KEY, SMTP password, access tokens', () => {
    expect(h.sims.ttp.issuedTokens().length).toBeGreaterThan(0);
    expect(h.sims.srp.issuedTokens().length).toBeGreaterThan(0);
    const secretScanner = new LeakScanner([
      { value: secrets.clientSecret, what: 'client secret' }, { value: secrets.piiKey, what: 'PII_KEY' },
      { value: secrets.smtpPassword, what: 'SMTP password' },
      ...[...h.sims.ttp.issuedTokens(), ...h.sims.srp.issuedTokens()].map((t) => ({ value: t, what: 'access token' })),
    ]);
    const everything = [
      ...outputHaystacks(), ...mailStacks(), { source: 'log file', text: readFileSync(logFile, 'utf8') },
      ...(kind === 'sqlite' ? sqliteFiles(h.database.url) : []),
    ];
    expect(secretScanner.scanAll(everything)).toEqual([]);
    const token = h.sims.srp.issuedTokens()[0]!;
    expect(secretScanner.scan({ source: 'planted', text: `Authorization: Bearer ${token}` })).toHaveLength(1);
  });
});

describe('a student-record platform whose answers quote what it was sent', () => {
  let h: Harness;
  let proxy: EchoProxy;
  let dir: string;
  afterAll(async () => {
    await proxy?.close();
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores, logs, prints and reports none of what it quotes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ts-pii-echo-'));
    h = await startHarness('sqlite', { seed: 31, teachers: 120 });
    const template = templateTeacher(h);
    const school = h.sims.srp.schools().find((s) => s.institutionCode === template.institutionCode)!;
    const teacher = (teacherId: string, fields: Partial<SourceTeacherWire>): SourceTeacherWire => {
      const t: SourceTeacherWire = { ...template, teacherId, name: NAMES[Number(teacherId.slice(-1))]!, idType: 'resident_id', idNumber: residentId(), mobile: mobile(), email: null, ...fields };
      h.sims.ttp.upsert(t);
      return t;
    };
    const conflict = teacher('T9000001', {});
    h.sims.srp.createManualAccount({ name: '手工账号', idType: 'resident_id', idNumber: conflict.idNumber!, schoolId: school.schoolId });
    const refused = teacher('T9000002', { mobile: `0571${digits(8)}` });
    const missing = teacher('T9000003', { idNumber: fullWidth(residentId()) });
    proxy = await startEchoProxy(h.sims.urls.srp, { notFound: new Set([missing.teacherId]) });

    const logFile = join(dir, 'teacher-sync.log');
    const env = { SRP_BASE_URL: proxy.url, LOG_LEVEL: 'trace', LOG_FILE: logFile, REPORT_DIR: join(dir, 'reports') };
    const outputs: CliResult[] = [await h.spawnCli(['sync', '--json'], env).done];
    const run = summaryOf(outputs[0]!);
    expect(outputs[0]!.code, JSON.stringify(run)).toBe(3);
    // The hand-made account is bound after the 409; the landline and the "missing" school stay refused.
    expect(run.problems).toMatchObject({ ACCOUNT_LINKED: 1, PUSH_VALIDATION_FAILED: 1, PUSH_SCHOOL_NOT_FOUND: 1 });
    expect(proxy.failedBatches).toBe(1);
    expect(proxy.echoed).toBe(3);
    for (const t of [conflict, refused, missing]) {
      for (const args of [['accounts', 'show', '--teacher', t.teacherId], ['runs', 'show', String(run.runId)], ['mismatches', 'list']]) {
        outputs.push(await h.cli(args, env), await h.cli([...args, '--json'], env));
      }
    }

    // What the platform said was kept, without what it quoted.
    const handle = await openDatabase({ url: h.database.url, kind: 'sqlite' });
    try {
      const details = await handle.db.selectFrom('sync_problem').select(['teacher_id', 'code', 'detail']).where('teacher_id', 'in', [conflict.teacherId, refused.teacherId, missing.teacherId]).execute();
      expect(details.find((d) => d.teacher_id === missing.teacherId)?.detail).toMatch(/^SCHOOL_NOT_FOUND: no school for /);
      expect(details.find((d) => d.teacher_id === refused.teacherId)?.detail).toMatch(/VALIDATION_FAILED|HTTP_422/);
    } finally {
      await handle.close();
    }

    const scanner = new LeakScanner(recordNeedles(h));
    const reports = await folderHaystacks(join(dir, 'reports'));
    expect(reports.files.length).toBeGreaterThan(0);
    const stacks: Haystack[] = [
      ...(await dumpDatabase(h.database.url, 'sqlite')), ...sqliteFiles(h.database.url), ...reports.haystacks,
      { source: 'log file', text: readFileSync(logFile, 'utf8') },
      ...outputs.flatMap((o, i) => [{ source: `stdout #${i}`, text: o.stdout }, { source: `stderr #${i}`, text: o.stderr }]),
    ];
    expect(scanner.scanAll(stacks)).toEqual([]);
  });
});
