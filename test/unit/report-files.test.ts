import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { MismatchFinding, PersonProblem } from '../../src/core/mismatch-finding.js';
import { csvField, neutraliseCell } from '../../src/reports/cell-text.js';
import { reportContentHash, type CountyReport } from '../../src/reports/county-report.js';
import { countyReportCsv } from '../../src/reports/report-csv.js';
import { countyReportMail } from '../../src/reports/report-html.js';
import { countyReportXlsx, PERSON_SHEET, SCHOOL_SHEET } from '../../src/reports/report-xlsx.js';

const finding = (over: Partial<MismatchFinding> = {}): MismatchFinding => ({
  countyCode: '330102', platformCountyCode: '330102', kind: 'NAME_MISMATCH', institutionCode: '2133000123', enteredName: '杭州市胜利小学',
  registryName: '杭州市上城区崇文小学', registryCountyCode: '330102', score: 0.4, method: 'similarity', teacherCount: 3,
  suggestedCode: null, suggestedName: null, detail: '填报名称与登记名称不是同一所学校', ...over,
});

const person = (over: Partial<PersonProblem> = {}): PersonProblem => ({
  countyCode: '330102', teacherId: 'T1', teacherName: '张三', idNumberMasked: '330102********123X', code: 'ID_NUMBER_INVALID',
  detail: 'check character should be 7', institutionCode: '2133000123', institutionName: '杭州市胜利小学', ...over,
});

const report = (over: Partial<CountyReport> = {}): CountyReport => ({
  provinceName: '浙江省', countyCode: '330102', countyName: '杭州市上城区', bureauName: '杭州市上城区教育局', runId: 7, runStartedAtMs: Date.UTC(2026, 10, 20, 18),
  schools: [finding()], people: [person()], ...over,
});

const HOSTILE = ['=HYPERLINK("http://example.com","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

describe('spreadsheet cells', () => {
  it.each(HOSTILE)('neutralises %j', (text) => {
    expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text alone and quotes CSV fields that need it', () => {
    expect(neutraliseCell('杭州市胜利小学')).toBe('杭州市胜利小学');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField(3)).toBe('3');
    expect(csvField(null)).toBe('');
  });

  it('writes no formula into the workbook, whatever the schools typed', async () => {
    const r = report({
      schools: HOSTILE.map((h, i) => finding({ enteredName: h, institutionCode: `=${i}` })),
      people: [person({ teacherName: '=cmd|" /C calc"!A0' })],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await countyReportXlsx(r)) as unknown as ArrayBuffer);
    const values: unknown[] = [];
    for (const name of [SCHOOL_SHEET, PERSON_SHEET]) {
      wb.getWorksheet(name)!.eachRow((row) => row.eachCell((c) => {
        expect(c.formula, c.address).toBeFalsy();
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        values.push(c.value);
      }));
    }
    // XML keeps no bare carriage return; every other text comes back exactly, apostrophe first.
    for (const h of HOSTILE.filter((x) => !x.includes('\r'))) expect(values).toContain(`'${h}`);
    expect(values).toContain(`'=cmd|" /C calc"!A0`);
    expect(values.filter((v) => typeof v === 'string' && /^[=+\-@]/.test(v))).toEqual([]);
  });

  it('writes the same into the CSV, with a BOM and one row per finding', () => {
    const csv = countyReportCsv(report({ schools: [finding({ enteredName: '=1+1' })] })).toString('utf8');
    expect(csv.startsWith('\uFEFF类别,')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,'=1+1,`);
    expect(lines[2]).toContain('330102********123X');
    for (const line of lines) for (const field of line.split(',')) expect(field).not.toMatch(/^[=+\-@]/);
  });
});

describe('reportContentHash', () => {
  it('depends on the findings, not on the run, the time or the order', () => {
    const a = report({ schools: [finding(), finding({ institutionCode: '2133000124' })] });
    const b = report({ runId: 99, runStartedAtMs: 0, schools: [finding({ institutionCode: '2133000124' }), finding()] });
    expect(reportContentHash(a)).toBe(reportContentHash(b));
  });

  it('changes when what the county must fix changes', () => {
    const base = reportContentHash(report());
    expect(reportContentHash(report({ schools: [finding({ teacherCount: 4 })] }))).not.toBe(base);
    expect(reportContentHash(report({ people: [] }))).not.toBe(base);
    expect(reportContentHash(report({ countyCode: '330105' }))).not.toBe(base);
  });
});

describe('countyReportMail', () => {
  it('is in Chinese, escapes what schools typed, and cuts long tables short', () => {
    const many = Array.from({ length: 5 }, (_, i) => finding({ institutionCode: `213300012${i}`, enteredName: `<b>学校${i}</b>` }));
    const mail = countyReportMail(report({ schools: many }), 3);
    expect(mail.subject).toBe('【师训平台学校信息核对】杭州市上城区（330102）：5所学校、1名教师信息待更正');
    expect(mail.html).toContain('&lt;b&gt;学校0&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>学校0</b>');
    expect(mail.html).toContain('另有 2 所学校');
    expect(mail.html).toContain('330102********123X');
    expect(mail.text).toContain('校验位错误，应为 7');
  });
});
