import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { MismatchFinding, PersonProblem } from '../../src/core/mismatch-finding.js';
import { csvField, neutraliseCell, showableText } from '../../src/reports/cell-text.js';
import type { CountyReport } from '../../src/reports/county-report.js';
import { countyReportCsv } from '../../src/reports/report-csv.js';
import { countyReportMail } from '../../src/reports/report-html.js';
import { countyReportXlsx, PERSON_SHEET, SCHOOL_SHEET } from '../../src/reports/report-xlsx.js';
import { parseCsv } from '../support/csv-parse.js';
import { hostileInstitutions, hostileTeachers, REPORT_PAYLOADS } from '../support/hostile-corpus.js';

/** Every string anywhere in a JSON value. */
function strings(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) strings(v, out);
  return out;
}

const EXTRA = [
  '\u0000=1+1', ' =1+1', '\u3000=1', '＝1+1', '＋1', '－1', '＠A1', '\n=1', '\uFFFE=1', '\uFFFF', '\ud800=1', 'a\udc00b', '\u202e=1+1',
  '\u2066@x\u2069', '\u0085-1', '\u007f+1', '=DDE("cmd";"/C calc";"!A0")', '-', '+', '@', '=',
];
// The payloads first: the mail shows the first rows only.
const HOSTILE = [...new Set([
  ...Object.values(REPORT_PAYLOADS),
  ...EXTRA,
  ...strings([hostileTeachers({ institutionCode: '2133000123', institutionName: '杭州市胜利小学', countyCode: '330102' }).map((e) => e.record), hostileInstitutions({ countyCode: '330102' }).map((e) => e.record)], new Set()),
])];

// What a spreadsheet program would run, and what XML or a reader cannot take.
const FORMULA_LIKE = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;
const UNSHOWABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function expectSafeCell(text: string, where: string): void {
  expect(text, where).not.toMatch(UNSHOWABLE);
  if (FORMULA_LIKE.test(text)) throw new Error(`${where}: ${JSON.stringify(text.slice(0, 60))} would run as a formula`);
}

const finding = (s: string, i: number): MismatchFinding => ({
  countyCode: '330102', platformCountyCode: '330102', kind: 'NAME_MISMATCH', institutionCode: s.slice(0, 64), enteredName: s,
  registryName: s, registryCountyCode: '330102', score: 0.5, method: 'similarity', teacherCount: i + 1,
  suggestedCode: null, suggestedName: null, detail: s.slice(0, 500),
});

const person = (s: string): PersonProblem => ({
  countyCode: '330102', teacherId: s.slice(0, 64), teacherName: s, idNumberMasked: s.slice(0, 40), code: 'ID_NUMBER_INVALID',
  detail: s.slice(0, 1000), institutionCode: s.slice(0, 64), institutionName: s,
});

const report: CountyReport = {
  provinceName: '浙江省', countyCode: '330102', countyName: '杭州市上城区', bureauName: '杭州市上城区教育局', runId: 9, runStartedAtMs: Date.UTC(2026, 10, 20, 18),
  schools: HOSTILE.map(finding), people: HOSTILE.map(person),
};

describe('county reports over hostile text', () => {
  it('covers many hostile strings, formulas and unshowable characters among them', () => {
    expect(HOSTILE.length).toBeGreaterThan(300);
    expect(HOSTILE.filter((s) => FORMULA_LIKE.test(s)).length).toBeGreaterThan(20);
    expect(HOSTILE.filter((s) => UNSHOWABLE.test(s)).length).toBeGreaterThan(20);
  });

  it.each([
    ['a formula', '=1+1', "'=1+1"],
    ['a formula after white space', ' =1+1', "' =1+1"],
    ['a formula after an ideographic space', '\u3000=1', "'\u3000=1"],
    ['a full-width equals sign', '＝1+1', "'＝1+1"],
    ['a full-width plus, minus and at sign', '＋1', "'＋1"],
    ['a line feed first', '\n=1', "'\n=1"],
    ['a NUL that would hide the equals sign', '\u0000=1+1', '\uFFFD=1+1'],
    ['a bidi override', '\u202e=1+1', '\uFFFD=1+1'],
    ['a non-character', '\uFFFE', '\uFFFD'],
    ['an unpaired surrogate', 'a\ud800b', 'a\uFFFDb'],
    ['a paired surrogate (kept)', '𠀀', '𠀀'],
    ['a line break inside (kept)', '两行\n名字', '两行\n名字'],
    ['ordinary text', '杭州市胜利小学', '杭州市胜利小学'],
  ])('neutralises %s', (_label, text, expected) => {
    expect(neutraliseCell(text)).toBe(expected);
  });

  it('writes a workbook that opens, with no formula and no unsafe text in any cell', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await countyReportXlsx(report)) as unknown as ArrayBuffer);
    const values = new Set<string>();
    let cells = 0;
    for (const name of [SCHOOL_SHEET, PERSON_SHEET]) {
      const sheet = wb.getWorksheet(name);
      if (!sheet) throw new Error(`no sheet ${name}`);
      sheet.eachRow((row) => row.eachCell((c) => {
        cells++;
        expect(c.formula, c.address).toBeFalsy();
        expect(c.type, c.address).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof c.value === 'string') {
          expectSafeCell(c.value, `${name}!${c.address}`);
          values.add(c.value);
        } else expect(['number', 'object'], c.address).toContain(typeof c.value);
      }));
    }
    expect(cells).toBeGreaterThan(HOSTILE.length * 2 * 8);
    // Every hostile text is there, neutralised (XML keeps no bare carriage return).
    const missing = HOSTILE.map((s) => neutraliseCell(s)).filter((s) => !s.includes('\r') && !values.has(s));
    expect(missing.map((s) => JSON.stringify(s.slice(0, 40)))).toEqual([]);
  });

  it('writes a CSV that parses back to the neutralised text, every field safe', () => {
    const rows = parseCsv(countyReportCsv(report).toString('utf8'));
    expect(rows).toHaveLength(1 + HOSTILE.length * 2);
    const width = rows[0]!.length;
    const fields = new Set<string>();
    rows.forEach((r, i) => {
      expect(r, `row ${i}`).toHaveLength(width);
      for (const f of r) {
        expectSafeCell(f, `row ${i}`);
        fields.add(f);
      }
    });
    const missing = HOSTILE.map((s) => neutraliseCell(s)).filter((s) => !fields.has(s));
    expect(missing.map((s) => JSON.stringify(s.slice(0, 40)))).toEqual([]);
    expect(csvField('\u0000=1,2')).toBe('"\uFFFD=1,2"');
  });

  it('escapes every hostile text in the mail, and shows nothing unshowable', () => {
    const mail = countyReportMail(report, 100);
    expect(mail.html).not.toMatch(/<script|<img|<[a-z][^>]*\son[a-z]+=/i);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.toMatch(UNSHOWABLE);
    expect(mail.text).not.toMatch(UNSHOWABLE);
    for (const s of Object.values(REPORT_PAYLOADS)) {
      const escaped = showableText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
      expect(mail.html).toContain(escaped.trim());
    }
  });
});
