import { csvFile } from './cell-text.js';
import type { CountyReport } from './county-report.js';
import { KIND_LABELS, PERSON_LABELS, actionText, problemDetailText } from './finding-labels.js';
import type { RunDigest } from './report-html.js';
import { countyTableColumns, countyTableRows } from './report-xlsx.js';

const HEADER = [
  '类别', '区县代码', '问题代码', '问题', '学校标识码', '填报学校名称', '登记名称', '名称相似度', '教师数',
  '教师编号', '姓名', '证件号码（脱敏）', '说明', '处理建议',
];

/** The same findings as the workbook, in one table, for systems that import CSV. */
export function countyReportCsv(report: CountyReport): Buffer {
  const rows: (string | number | null)[][] = [
    ...report.schools.map((f) => [
      '学校', f.countyCode, f.kind, KIND_LABELS[f.kind].label, f.institutionCode, f.enteredName, f.registryName ?? '',
      f.score, f.teacherCount, '', '', '', f.detail, actionText(f),
    ]),
    ...report.people.map((p) => [
      '人员', p.countyCode, p.code, PERSON_LABELS[p.code].label, p.institutionCode ?? '', p.institutionName ?? '', '',
      null, null, p.teacherId, p.teacherName ?? '', p.idNumberMasked ?? '', problemDetailText(p.detail), PERSON_LABELS[p.code].action,
    ]),
  ];
  return csvFile(HEADER, rows);
}

/** The provincial summary's full county table, as the workbook has it. */
export function summaryCsv(d: Pick<RunDigest, 'counties'>): Buffer {
  return csvFile(countyTableColumns().map(([h]) => h), countyTableRows(d));
}
