import type { AuditRecord, PlacementState } from '../../db/repositories/audit-log.repository.js';
import { html, type Html } from '../html.js';
import { dateTime } from './format.js';
import { PLACEMENT_TEXT } from './placement-text.js';

export const AUDIT_TEXT = {
  title: '审计日志',
  intro: '每一次对教师所属学校的改动：谁、何时、为什么、之前和之后。日志只追加，不修改。',
  filters: { teacher: '教师编号', school: '学校编号', actor: '操作人', from: '起始日期', to: '截止日期', apply: '筛选', clear: '清除', csv: '导出 CSV' },
  none: '没有符合条件的记录。',
  more: '更早的记录',
  limited: (n: number) => `显示最新的 ${n} 条。`,
  columns: { at: '时间', actor: '操作人', source: '来源', action: '操作', teacher: '教师编号', before: '之前', after: '之后', reason: '理由' },
  actions: { assign: '人工指定', undo: '撤销指定', stale: '指定失效' } as Readonly<Record<string, string>>,
  sources: { cli: '命令行', web: '控制台', sync: '同步', platform: '学籍系统' } as Readonly<Record<string, string>>,
  how: { rules: '按规则', assigned: '人工指定', stale: '指定已失效' },
  csvHeader: ['时间', '操作人', '来源', '操作', '教师编号', '之前', '之后', '理由'],
} as const;

export interface AuditFilterValues {
  teacher: string;
  school: string;
  actor: string;
  from: string;
  to: string;
}

export interface AuditView {
  entries: readonly AuditRecord[];
  filter: AuditFilterValues;
  /** The query string of the filter, for the export link and the next page. */
  query: string;
  limit: number;
}

/** Where the account is (or goes) and what decides it, as the command's `audit list` says it. */
export function placementText(p: PlacementState | null): string {
  if (p === null) return PLACEMENT_TEXT.none;
  const how = p.assignment === null ? AUDIT_TEXT.how.rules : p.assignment.state === 'stale' ? AUDIT_TEXT.how.stale : AUDIT_TEXT.how.assigned;
  const elsewhere = p.assignment !== null && p.assignment.schoolId !== p.schoolId ? ` → ${p.assignment.schoolId}` : '';
  return `${p.schoolId ?? PLACEMENT_TEXT.none}（${how}${elsewhere}）`;
}

const cells = (e: AuditRecord): string[] => [
  dateTime(e.atMs), e.actor, AUDIT_TEXT.sources[e.source] ?? e.source, AUDIT_TEXT.actions[e.action] ?? e.action, e.teacherId ?? '',
  placementText(e.before), placementText(e.after), e.reason ?? '',
];

export function auditBody(v: AuditView): Html {
  const t = AUDIT_TEXT;
  const f = t.filters;
  const c = t.columns;
  const form = html`<form method="get" action="/audit" class="filters">
<label>${f.teacher} <input name="teacher" maxlength="64" value="${v.filter.teacher}"></label>
<label>${f.school} <input name="school" maxlength="64" value="${v.filter.school}"></label>
<label>${f.actor} <input name="actor" maxlength="100" value="${v.filter.actor}"></label>
<label>${f.from} <input type="date" name="from" value="${v.filter.from}"></label>
<label>${f.to} <input type="date" name="to" value="${v.filter.to}"></label>
<button type="submit">${f.apply}</button> <a href="/audit">${f.clear}</a> <a href="/audit.csv${v.query ? `?${v.query}` : ''}" download>${f.csv}</a>
</form>`;
  if (v.entries.length === 0) return html`<p>${t.intro}</p>${form}<p class="muted">${t.none}</p>`;
  const oldest = v.entries[v.entries.length - 1]!;
  const next = v.entries.length >= v.limit ? html`<p><a href="/audit?${v.query ? `${v.query}&` : ''}before=${oldest.id}">${t.more}</a></p>` : '';
  return html`<p>${t.intro}</p>${form}<p class="muted">${t.limited(v.entries.length)}</p>
<div class="table-wrap"><table class="stack">
<thead><tr><th>${c.at}</th><th>${c.actor}</th><th>${c.source}</th><th>${c.action}</th><th>${c.teacher}</th><th>${c.before}</th><th>${c.after}</th><th>${c.reason}</th></tr></thead>
<tbody>${v.entries.map((e) => {
    const [at, actor, source, action, , before, after, reason] = cells(e);
    return html`<tr><td class="nowrap" data-label="${c.at}">${at}</td><td data-label="${c.actor}">${actor}</td><td data-label="${c.source}">${source}</td><td data-label="${c.action}">${action}</td><td data-label="${c.teacher}">${e.teacherId ? html`<a href="/teachers/${e.teacherId}">${e.teacherId}</a>` : ''}</td><td data-label="${c.before}">${before}</td><td data-label="${c.after}">${after}</td><td data-label="${c.reason}">${reason}</td></tr>`;
  })}</tbody>
</table></div>${next}`;
}

/**
 * A CSV cell: quoted when it holds a comma, quote or line break; a cell a spreadsheet would take for
 * a formula (= + - @, tab, CR) is prefixed with an apostrophe so that opening the file runs nothing.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The entries as Excel and WPS open a CSV without asking: UTF-8 with a BOM, CRLF line ends. */
export function auditCsv(entries: readonly AuditRecord[]): string {
  const lines = [AUDIT_TEXT.csvHeader.map(csvCell).join(','), ...entries.map((e) => cells(e).map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
