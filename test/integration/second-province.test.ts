import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { requireProvinceDivisions } from '../../src/areacodes/area-code-history.js';
import { currentRecord } from '../../src/core/county-routing.js';
import { openDatabase } from '../../src/db/database.js';
import type { DbKind } from '../support/databases.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

/**
 * A deployment for Jiangsu (province.code 32) instead of the default Zhejiang: a full sync of a
 * Jiangsu world with its county reports, on each database. Recipients come from the Jiangsu
 * section of the shipped config/bureaus.yaml.
 */

const SHIPPED_BUREAUS = fileURLToPath(new URL('../../config/bureaus.yaml', import.meta.url));
const TEST_POLICY = fileURLToPath(new URL('../support/test-policy.yaml', import.meta.url));

function jiangsuPolicy(): string {
  const doc = parseDocument(readFileSync(TEST_POLICY, 'utf8'));
  doc.setIn(['province', 'code'], '32');
  const file = join(mkdtempSync(join(tmpdir(), 'ts-jiangsu-')), 'policy.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

interface FindingJson {
  countyCode: string;
  platformCountyCode: string | null;
  institutionCode: string;
  enteredName: string;
  kind: string;
  detail: string;
}

interface Eml {
  file: string;
  mail: ParsedMail;
}

async function emlsOf(reportDir: string, runId: number): Promise<Eml[]> {
  const dir = join(reportDir, `run-${runId}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map(async (file) => ({ file, mail: await simpleParser(readFileSync(join(dir, file))) })));
}

const toOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));

describe.each<DbKind>(['sqlite', 'mariadb'])('a second province, Jiangsu, on %s', (kind) => {
  let h: Harness;
  let env: Record<string, string>;
  let findings: FindingJson[];
  let emls: Eml[];
  let runId: number;
  /** An institution of Nanjing whose registry entry still carries 白下区 (320103, merged into 秦淮区 320104 in 2013). */
  let oldCounty: { code: string; otherName: string };

  beforeAll(async () => {
    h = await startHarness(kind, { seed: 32, teachers: 600, province: '32' });
    env = { TEACHER_SYNC_CONFIG: jiangsuPolicy(), BUREAUS_FILE: SHIPPED_BUREAUS };
    const institutions = h.sims.registry.list().filter((i) => i.status === 'active');
    const carried = new Set(h.sims.srp.schools().filter((s) => s.status === 'active').map((s) => s.institutionCode));
    const teachers = h.sims.ttp.list().filter((t) => t.status === 'active' && !h.sims.world.anomalies.has(t.teacherId) && carried.has(t.institutionCode ?? ''));
    const [first, second, third] = teachers;
    if (!first || !second || !third) throw new Error('not enough clean teachers');
    const inst = institutions.find((i) => i.code === first.institutionCode)!;
    const other = institutions.find((i) => i.code !== inst.code && i.category !== inst.category)!;
    // Registry county from before the 2013 merger; the teacher enters another school's name.
    h.sims.registry.upsert({ ...inst, countyCode: '320103' });
    for (const t of teachers.filter((x) => x.institutionCode === inst.code)) h.sims.ttp.update(t.teacherId, { institutionName: other.name });
    oldCounty = { code: inst.code, otherName: other.name };
    // An unknown code whose teacher gave 下关区 (320107, merged into 鼓楼区 320106 in 2013).
    h.sims.ttp.update(second.teacherId, { institutionCode: `21329${second.teacherId.replace(/\D/g, '').padStart(5, '0').slice(-5)}`, countyCode: '320107' });
    // A code of Zhejiang (digits 3-4 are 33), which the registry lists, in a Jiangsu deployment.
    h.sims.registry.upsert({ code: '2133000123', name: '某省外小学', countyCode: '330102', category: '21', status: 'active' });
    h.sims.ttp.update(third.teacherId, { institutionCode: '2133000123', institutionName: '某省外小学', countyCode: '320102' });

    const r = await h.cli(['sync', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const summary = summaryOf(r);
    runId = summary.runId;
    expect(summary.status).toBe('succeeded');
    expect(summary.created).toBeGreaterThan(400);
    findings = JSON.parse((await h.cli(['mismatches', 'list', '--json'], env)).stdout) as FindingJson[];
    emls = await emlsOf(h.env['REPORT_DIR']!, runId);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('routes every finding to a division of Jiangsu that exists today', () => {
    expect(findings.length).toBeGreaterThan(5);
    const jiangsu = requireProvinceDivisions('32');
    expect(findings.filter((f) => !f.countyCode.startsWith('32') || currentRecord(f.countyCode, jiangsu) === null)).toEqual([]);
    expect(new Set(findings.map((f) => f.countyCode)).size).toBeGreaterThan(3);
  });

  it('follows Jiangsu’s division history: a merged district’s code goes to the district that took it in', () => {
    const byRegistry = findings.find((f) => f.institutionCode === oldCounty.code && f.enteredName === oldCounty.otherName);
    expect(byRegistry).toMatchObject({ kind: 'NAME_MISMATCH', countyCode: '320104' });
    const byPlatform = findings.find((f) => f.platformCountyCode === '320107' && f.kind === 'CODE_UNKNOWN');
    expect(byPlatform?.countyCode).toBe('320106');
  });

  it('checks codes against Jiangsu and asks the registry for Jiangsu only', async () => {
    const foreign = findings.find((f) => f.institutionCode === '2133000123');
    expect(foreign).toMatchObject({ kind: 'CODE_MALFORMED', countyCode: '320102' });
    expect(foreign?.detail).toContain('本省应为32');
    const handle = await openDatabase({ url: h.database.url, kind: kind === 'sqlite' ? 'sqlite' : 'mysql' });
    try {
      const codes = (await handle.db.selectFrom('registry_institution').select('code').execute()).map((r) => r.code);
      expect(codes.length).toBe(h.sims.registry.list().length - 1);
      expect(codes.every((c) => c.slice(2, 4) === '32')).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('mails each county in Jiangsu’s words, to the bureaus of the Jiangsu section', () => {
    const reports = emls.filter((e) => e.file.endsWith('-report.eml'));
    expect(reports.length).toBeGreaterThan(3);
    expect(reports.every((e) => e.file.startsWith('32'))).toBe(true);
    const qinhuai = reports.find((e) => e.file === '320104-report.eml');
    expect(qinhuai?.mail.subject).toContain('南京市秦淮区（320104）');
    expect(qinhuai?.mail.text).toMatch(/^南京市秦淮区教育局：/);
    expect(qinhuai?.mail.text).toContain('江苏省教师账号同步');
    expect(toOf(qinhuai!.mail)).toEqual(['jyj-320104@example.gov.cn']);
    const gulou = reports.find((e) => e.file === '320106-report.eml');
    expect(toOf(gulou!.mail)).toEqual(['jyj-320106@example.gov.cn']);
    // A county the section does not list goes to its city, else to the province's office.
    for (const e of reports) {
      const county = e.file.slice(0, 6);
      const to = toOf(e.mail);
      expect(to.length).toBe(1);
      expect([`jyj-${county}@example.gov.cn`, `jyj-${county.slice(0, 4)}00@example.gov.cn`, 'js-jsgzc@example.gov.cn']).toContain(to[0]);
      expect(`${e.mail.subject ?? ''}${e.mail.text ?? ''}`).not.toMatch(/浙江|杭州/);
    }
  });

  it('sends the run’s summary to Jiangsu’s office, naming 江苏省', () => {
    const summary = emls.find((e) => e.file === 'province-summary.eml');
    expect(summary?.mail.subject).toMatch(/^【教师账号同步】江苏省第 \d+ 次同步/);
    expect(toOf(summary!.mail)).toEqual(['js-jsgzc@example.gov.cn']);
    expect(summary?.mail.text).toContain('南京市秦淮区（320104）');
  });
});
