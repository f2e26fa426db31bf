import type { ReconcileCounts } from '../core/account-reconciliation.js';
import { MISMATCH_KINDS, type MismatchKind } from '../core/mismatch-finding.js';
import { chinaDate, chinaDateTime, type CountyReport } from './county-report.js';
import { showableText } from './cell-text.js';
import { KIND_LABELS, PERSON_LABELS, problemDetailText, suggestionText } from './finding-labels.js';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const SUBJECT_TAG = '【师训平台学校信息核对】';

/** Every value goes into the page through here: markup characters escaped, unshowable ones replaced. */
function esc(s: string | number | null): string {
  return showableText(String(s ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Inline styles only: mail clients drop <style>, and a phone shows 600px columns without zooming.
const PAGE = 'font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;font-size:14px;line-height:1.6;color:#222;max-width:640px;margin:0 auto;padding:8px;overflow-wrap:break-word;word-break:break-word';
const TABLE = 'border-collapse:collapse;width:100%;font-size:13px;margin:8px 0 16px';
const TH = 'border:1px solid #ccc;background:#f3f5f8;padding:4px 6px;text-align:left;white-space:nowrap';
const TD = 'border:1px solid #ccc;padding:4px 6px;vertical-align:top;word-break:break-all';
const NUM = `${TD};text-align:right;white-space:nowrap`;

function table(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[], numeric: ReadonlySet<number> = new Set()): string {
  const head = `<tr>${headers.map((h) => `<th style='${TH}'>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td style='${numeric.has(i) ? NUM : TD}'>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table style='${TABLE}'>${head}${body}</table>`;
}

// Summary blocks: a phone 390 px wide shows a county's name on one line and its counts below it;
// a table with a column per kind would not fit (mail clients give no flexbox, so blocks and inline-blocks).
const CHIPS = 'margin:4px 0 12px;line-height:2';
const CHIP = 'display:inline-block;white-space:nowrap;margin:0 12px 0 0';
const COUNTY = 'border-top:1px solid #ddd;padding:6px 0';

function chips(items: readonly (readonly [string, number | string])[]): string {
  return items.map(([label, n]) => `<span style='${CHIP}'>${esc(label)} <b>${esc(typeof n === 'number' ? n.toLocaleString('en-US') : n)}</b></span>`).join(' ');
}

/** One county of the summary: its name, then only the kinds it has, its person-level problems and its mail. */
function countyBlock(l: CountyLine): string {
  const kinds = MISMATCH_KINDS.filter((k) => (l.byKind[k] ?? 0) > 0).map((k) => [KIND_LABELS[k].label, l.byKind[k] ?? 0] as const);
  const counts = [...kinds, ...(l.people > 0 ? [['人员问题', l.people] as const] : [])];
  return `<div style='${COUNTY}'><div><b>${esc(l.countyName)}</b>（${esc(l.countyCode)}）<span style='color:#666;font-size:12px'> ${esc(l.delivery)}</span></div>` +
    `<div style='font-size:13px;line-height:1.9'>${counts.length > 0 ? chips(counts) : '无待更正问题'}</div></div>`;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head>` +
    `<body style='margin:0;background:#fff'><div style='${PAGE}'>${body}</div></body></html>`;
}

const footer = (provinceName: string) => `本邮件由${provinceName}教师账号同步系统自动发送。同样的问题不会重复发送；问题全部更正后，会再发送一封“已全部更正”的通知。`;

function greeting(report: Pick<CountyReport, 'bureauName' | 'countyName'>): string {
  return `${report.bureauName ?? `${report.countyName}教育局`}：`;
}

function distinctTeachers(report: CountyReport): number {
  return new Set(report.people.map((p) => p.teacherId)).size;
}

export function countyReportSubject(report: CountyReport): string {
  const parts = [];
  if (report.schools.length > 0) parts.push(`${report.schools.length}所学校`);
  if (report.people.length > 0) parts.push(`${distinctTeachers(report)}名教师`);
  return `${SUBJECT_TAG}${report.countyName}（${report.countyCode}）：${parts.join('、')}信息待更正`;
}

/** The mail to one county: what is wrong at a glance, the rows (up to `rowLimit`), the rest in the attachments. */
/** Where the county's findings are in the web console, when the console has a public address. */
export function consoleFindingsUrl(consoleUrl: string | null, countyCode: string): string | null {
  return consoleUrl ? `${consoleUrl.replace(/\/+$/, '')}/findings/${countyCode}` : null;
}

export function countyReportMail(report: CountyReport, rowLimit: number, consoleUrl: string | null = null): RenderedMail {
  const online = consoleFindingsUrl(consoleUrl, report.countyCode);
  const subject = countyReportSubject(report);
  const teachersAtSchools = report.schools.reduce((n, f) => n + f.teacherCount, 0);
  const byKind = new Map<MismatchKind, { schools: number; teachers: number }>();
  for (const f of report.schools) {
    const k = byKind.get(f.kind) ?? { schools: 0, teachers: 0 };
    k.schools++;
    k.teachers += f.teacherCount;
    byKind.set(f.kind, k);
  }
  const byPerson = new Map<string, number>();
  for (const p of report.people) byPerson.set(PERSON_LABELS[p.code].label, (byPerson.get(PERSON_LABELS[p.code].label) ?? 0) + 1);

  const intro =
    `<p>${esc(greeting(report))}</p>` +
    `<p>${esc(chinaDate(report.runStartedAtMs))} 的${esc(report.provinceName)}教师账号同步（第 ${report.runId} 次）核对了教师培训管理平台上各校填报的学校标识码和学校名称，` +
    `${esc(report.countyName)}有 <b>${report.schools.length}</b> 所学校的填报信息与全国机构编码系统或学籍系统不符（涉及 ${teachersAtSchools} 名教师）` +
    `${report.people.length > 0 ? `，另有 <b>${distinctTeachers(report)}</b> 名教师的个人信息需要更正` : ''}。` +
    '这些教师的学籍系统账号暂不能正确开通或归属学校。请通知相关学校在教师培训管理平台核对更正，更正后下一次同步自动生效。</p>' +
    '<p>逐条明细及处理建议见附件（Excel 与 CSV）。</p>' +
    (online ? `<p>也可登录管理控制台在线查看、筛选和下载：<a href="${esc(online)}">${esc(online)}</a></p>` : '');

  const summaryRows = [
    ...MISMATCH_KINDS.filter((k) => byKind.has(k)).map((k) => [KIND_LABELS[k].label, byKind.get(k)!.schools, byKind.get(k)!.teachers]),
    ...[...byPerson].map(([label, n]) => [label, null, n]),
  ];
  let html = intro + `<h3 style='font-size:15px;margin:16px 0 4px'>问题汇总</h3>` + table(['问题', '学校数', '教师数'], summaryRows, new Set([1, 2]));

  if (report.schools.length > 0) {
    const rows = report.schools.slice(0, rowLimit).map((f) => {
      const why = [f.registryName ? `登记名称：${f.registryName}` : '', suggestionText(f)].filter((s) => s !== '').join(' ');
      return [KIND_LABELS[f.kind].label, f.institutionCode || '（空）', f.enteredName || '（空）', why, f.teacherCount];
    });
    html += `<h3 style='font-size:15px;margin:16px 0 4px'>学校</h3>` + table(['问题', '学校标识码', '填报名称', '核对结果', '教师数'], rows, new Set([4]));
    if (report.schools.length > rowLimit) html += `<p>另有 ${report.schools.length - rowLimit} 所学校，见附件。</p>`;
  }
  if (report.people.length > 0) {
    const rows = report.people.slice(0, rowLimit).map((p) => [
      p.teacherName ?? '', p.idNumberMasked ?? '', PERSON_LABELS[p.code].label, problemDetailText(p.detail), p.institutionName ?? '',
    ]);
    html += `<h3 style='font-size:15px;margin:16px 0 4px'>教师</h3>` + table(['姓名', '证件号码（脱敏）', '问题', '说明', '填报学校'], rows);
    if (report.people.length > rowLimit) html += `<p>另有 ${report.people.length - rowLimit} 条，见附件。</p>`;
  }
  html += `<p style='color:#666;font-size:12px'>${esc(footer(report.provinceName))}</p>`;

  const text = [
    greeting(report),
    '',
    `${chinaDate(report.runStartedAtMs)} 的${report.provinceName}教师账号同步（第 ${report.runId} 次）发现${report.countyName} ${report.schools.length} 所学校的学校标识码或名称与全国机构编码系统或学籍系统不符（涉及 ${teachersAtSchools} 名教师）` +
      `${report.people.length > 0 ? `，另有 ${distinctTeachers(report)} 名教师的个人信息需要更正` : ''}。请通知相关学校在教师培训管理平台核对更正。`,
    '',
    ...report.schools.slice(0, rowLimit).map((f) => `- ${KIND_LABELS[f.kind].label}：${f.institutionCode || '（空）'} ${f.enteredName || '（空）'}${f.registryName ? `（登记名称：${f.registryName}）` : ''}，${f.teacherCount} 名教师`),
    ...report.people.slice(0, rowLimit).map((p) => `- ${PERSON_LABELS[p.code].label}：${p.teacherName ?? ''} ${p.idNumberMasked ?? ''} ${problemDetailText(p.detail)}`),
    '',
    '逐条明细及处理建议见附件。',
    ...(online ? [`也可登录管理控制台在线查看、筛选和下载：${online}`] : []),
    footer(report.provinceName),
  ].join('\n');
  return { subject, html: page(subject, html), text: showableText(text) };
}

/** One mail when a county that was told about problems has none left. */
export function allClearMail(report: Pick<CountyReport, 'provinceName' | 'countyCode' | 'countyName' | 'bureauName' | 'runId' | 'runStartedAtMs'>): RenderedMail {
  const subject = `${SUBJECT_TAG}${report.countyName}（${report.countyCode}）：问题已全部更正`;
  const body = `${chinaDate(report.runStartedAtMs)} 的${report.provinceName}教师账号同步（第 ${report.runId} 次）未再发现${report.countyName}学校填报的学校标识码、学校名称或教师个人信息有问题，此前通知的问题已全部更正。感谢配合。`;
  const html = `<p>${esc(greeting(report))}</p><p>${esc(body)}</p><p style='color:#666;font-size:12px'>本邮件由${esc(report.provinceName)}教师账号同步系统自动发送。</p>`;
  return { subject, html: page(subject, html), text: `${greeting(report)}\n\n${body}\n` };
}

export interface CountyLine {
  countyCode: string;
  countyName: string;
  byKind: Partial<Record<MismatchKind, number>>;
  people: number;
  /** What happened to the county's mail in this run. */
  delivery: string;
}

export interface RunDigest {
  /** The configured province (江苏省): the summary is its office's view. */
  provinceName: string;
  runId: number;
  status: string;
  mode: string;
  startedAtMs: number;
  finishedAtMs: number | null;
  counts: Record<'pulled' | 'quarantined' | 'created' | 'updated' | 'moved' | 'disabled' | 'unchanged' | 'held' | 'failed', number>;
  safetyReason: string | null;
  error: string | null;
  /** Refusals by the student-record platform and failed pushes, by problem code. */
  pushProblems: Record<string, number>;
  counties: readonly CountyLine[];
  /** What reconciliation with the student-record platform found; null when the run had none. */
  reconcile: ReconcileCounts | null;
}

/** The reconciliation of a run in one line of Chinese. */
function reconcileText(r: ReconcileCounts): string {
  return `与学籍系统核对：平台账号 ${r.accounts}，一致 ${r.inStep}，保留平台上的校区调整 ${r.adopted}，与上次推送不一致 ${r.drifted}` +
    `${r.repairing > 0 ? `（已改回 ${r.repairing}）` : ''}，平台缺失已重新推送 ${r.missing}，已关联本人已有账号 ${r.matched}，无对应教师（未改动）${r.orphans}。`;
}

const STATUS_LABELS: Readonly<Record<string, string>> = {
  succeeded: '成功', partial: '完成（部分账号被拒）', stopped: '已按安全阈值停止停用', halted: '因上游数据骤减已暂停（未做任何改动）', failed: '失败', aborted: '中断', running: '运行中',
};

/** The province's view of a run: counts, stops, push failures, and findings by county and kind. */
export function summaryMail(d: RunDigest): RenderedMail {
  const kinds = MISMATCH_KINDS.filter((k) => d.counties.some((c) => (c.byKind[k] ?? 0) > 0));
  const schoolTotal = d.counties.reduce((n, c) => n + kinds.reduce((m, k) => m + (c.byKind[k] ?? 0), 0), 0);
  const peopleTotal = d.counties.reduce((n, c) => n + c.people, 0);
  const pending = d.counties.filter((c) => c.people > 0 || kinds.some((k) => (c.byKind[k] ?? 0) > 0)).length;
  const status = STATUS_LABELS[d.status] ?? d.status;
  const subject = `【教师账号同步】${d.provinceName}第 ${d.runId} 次同步${status}：${pending} 个区县 ${schoolTotal} 所学校、${peopleTotal} 条人员信息待更正`;
  const c = d.counts;
  let html = `<p>${esc(chinaDateTime(d.startedAtMs))} 开始的${esc(d.provinceName)}第 ${d.runId} 次同步（${d.mode === 'full' ? '全量' : '增量'}）${esc(status)}。</p>`;
  html += `<div style='${CHIPS}'>${chips([['拉取', c.pulled], ['隔离', c.quarantined], ['新建', c.created], ['更新', c.updated], ['调动', c.moved], ['停用', c.disabled], ['未变', c.unchanged], ['暂缓', c.held], ['失败', c.failed]])}</div>`;
  if (d.safetyReason && d.status === 'halted') {
    html += `<p style='color:#b00'><b>上游数据检查：</b>${esc(d.safetyReason)}。本次未做任何改动、未通知任何区县，请核实数据源；确属正常变化时以 --allow-shrink 重新运行。</p>`;
  } else if (d.safetyReason) html += `<p style='color:#b00'><b>安全阈值：</b>${esc(d.safetyReason)}。本次未停用任何账号，请核实后决定是否以 --allow-mass-disable 重新运行。</p>`;
  if (d.error) html += `<p style='color:#b00'><b>错误：</b>${esc(d.error)}</p>`;
  if (d.reconcile) html += `<p>${esc(reconcileText(d.reconcile))}</p>`;
  const push = Object.entries(d.pushProblems).filter(([, n]) => n > 0);
  if (push.length > 0 || c.failed > 0) {
    html += `<h3 style='font-size:15px;margin:16px 0 4px'>推送失败</h3>` + table(['原因', '账号数'], push.map(([k, n]) => [k, n]), new Set([1]));
  }
  if (d.counties.length > 0) {
    html += `<h3 style='font-size:15px;margin:16px 0 4px'>各区县</h3>` + d.counties.map(countyBlock).join('') + '<p style=\'color:#666;font-size:12px\'>各区县完整的问题数量表见附件（Excel 与 CSV）。</p>';
  }
  if (pending === 0) html += '<p>各区县均无待更正的学校信息。</p>';
  const text = [
    `${d.provinceName}第 ${d.runId} 次同步（${d.mode}）${status}，开始于 ${chinaDateTime(d.startedAtMs)}。`,
    `拉取 ${c.pulled}，隔离 ${c.quarantined}，新建 ${c.created}，更新 ${c.updated}，调动 ${c.moved}，停用 ${c.disabled}，未变 ${c.unchanged}，暂缓 ${c.held}，失败 ${c.failed}。`,
    ...(d.safetyReason ? [`安全阈值：${d.safetyReason}`] : []),
    ...(d.error ? [`错误：${d.error}`] : []),
    ...(d.reconcile ? [reconcileText(d.reconcile)] : []),
    ...push.map(([k, n]) => `推送失败 ${k}：${n}`),
    ...d.counties.map((l) => `${l.countyName}（${l.countyCode}）：${kinds.map((k) => `${KIND_LABELS[k].label} ${l.byKind[k] ?? 0}`).join('，')}，人员问题 ${l.people}；${l.delivery}`),
  ].join('\n');
  return { subject, html: page(subject, html), text: showableText(text) };
}
