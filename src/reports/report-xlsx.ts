import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { KIND_LABELS, PERSON_LABELS, actionText, problemDetailText } from './finding-labels.js';
import { neutraliseCell } from './cell-text.js';
import { MISMATCH_KINDS } from '../core/mismatch-finding.js';
import type { CountyReport } from './county-report.js';
import type { RunDigest } from './report-html.js';

type Cell = string | number | null;

export const SCHOOL_SHEET = '学校问题';
export const PERSON_SHEET = '人员问题';

export const SCHOOL_COLUMNS = [
  ['区县代码', 10], ['区县', 16], ['问题', 18], ['学校标识码', 14], ['填报学校名称', 30], ['登记名称', 30],
  ['名称相似度', 10], ['教师数', 8], ['说明', 50], ['处理建议', 60],
] as const;

export const PERSON_COLUMNS = [
  ['区县代码', 10], ['教师编号', 12], ['姓名', 10], ['证件号码（脱敏）', 22], ['问题', 18], ['说明', 40],
  ['填报学校标识码', 14], ['填报学校名称', 30], ['处理建议', 50],
] as const;

/** Text as plain, neutralised strings; counts and scores as numbers. No cell is ever a formula. */
function addRow(sheet: ExcelJS.Worksheet, values: readonly Cell[]): void {
  sheet.addRow(values.map((v) => (typeof v === 'string' ? neutraliseCell(v) : v))).commit();
}

function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: readonly (readonly [string, number])[], rows: readonly (readonly Cell[])[]): void {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.columns = columns.map(([header, width]) => ({ header, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const r of rows) addRow(sheet, r);
  sheet.commit();
}

export function schoolRows(report: CountyReport): Cell[][] {
  return report.schools.map((f) => [
    f.countyCode, report.countyName, KIND_LABELS[f.kind].label, f.institutionCode, f.enteredName, f.registryName ?? '',
    f.score, f.teacherCount, f.detail, actionText(f),
  ]);
}

export function personRows(report: CountyReport): Cell[][] {
  return report.people.map((p) => [
    p.countyCode, p.teacherId, p.teacherName ?? '', p.idNumberMasked ?? '', PERSON_LABELS[p.code].label,
    problemDetailText(p.detail), p.institutionCode ?? '', p.institutionName ?? '', PERSON_LABELS[p.code].action,
  ]);
}

/**
 * Writes sheets into one workbook, its creation times fixed to the run so that the same content gives
 * the same workbook.
 *
 * Written by ExcelJS's streaming writer: the in-memory writer hands each part to JSZip as a string,
 * which encodes it in blocks of 16 K UTF-16 units and so breaks any character outside the BMP (the
 * rare ideographs of some people's names, 𠀀) that straddles a block boundary into U+FFFD. The
 * streaming writer encodes every part to UTF-8 itself.
 */
async function workbook(createdAtMs: number, sheets: readonly { name: string; columns: readonly (readonly [string, number])[]; rows: readonly (readonly Cell[])[] }[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  wb.creator = 'teacher-sync';
  wb.created = new Date(createdAtMs);
  wb.modified = new Date(createdAtMs);
  for (const sheet of sheets) addSheet(wb, sheet.name, sheet.columns, sheet.rows);
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** The attachment a clerk works through: one row per finding, with what to do next. */
export async function countyReportXlsx(report: CountyReport): Promise<Buffer> {
  return workbook(report.runStartedAtMs, [
    { name: SCHOOL_SHEET, columns: SCHOOL_COLUMNS, rows: schoolRows(report) },
    { name: PERSON_SHEET, columns: PERSON_COLUMNS, rows: personRows(report) },
  ]);
}

export const COUNTY_SHEET = '各区县';

/** The province's full table: one row per county, a column per finding kind, whether or not the county has any. */
export function countyTableColumns(): [string, number][] {
  return [['区县代码', 10], ['区县', 18], ...MISMATCH_KINDS.map((k): [string, number] => [KIND_LABELS[k].label, 14]), ['人员问题', 10], ['通知', 20]];
}

export function countyTableRows(d: Pick<RunDigest, 'counties'>): Cell[][] {
  return d.counties.map((l) => [l.countyCode, l.countyName, ...MISMATCH_KINDS.map((k) => l.byKind[k] ?? 0), l.people, l.delivery]);
}

/** The attachment of the provincial summary: every county with every kind, which a phone cannot show as one table. */
export async function summaryXlsx(d: RunDigest): Promise<Buffer> {
  return workbook(d.startedAtMs, [{ name: COUNTY_SHEET, columns: countyTableColumns(), rows: countyTableRows(d) }]);
}
