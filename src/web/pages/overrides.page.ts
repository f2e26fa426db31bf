import type { AssignmentRecord } from '../../db/repositories/manual-assignment.repository.js';
import { html, type Html } from '../html.js';
import { dateTime } from './format.js';
import { maskedName, PLACEMENT_TEXT } from './placement-text.js';

export const OVERRIDES_TEXT = {
  title: '人工指定',
  intro: '所有人工指定的校区，账号现在所在的学校，以及哪些指定已失效。已失效的排在最前：教师留在原处，直到有人重新指定或撤销。',
  none: '还没有人工指定。',
  staleCount: (n: number, all: number) => `共 ${all} 项，其中 ${n} 项已失效。`,
  onlyStale: '只看已失效的',
  all: '全部',
  columns: { teacher: '教师编号', name: '姓名', school: '指定学校', campus: '校区', now: '账号现在所在', state: '状态', by: '指定人', since: '指定时间', reason: '理由' },
  codeChanged: (from: string, to: string) => `标识码 ${from} → ${to}`,
} as const;

export interface OverrideLine extends AssignmentRecord {
  name: string | null;
  teacherCode: string | null;
  campusName: string | null;
  accountSchoolId: string | null;
}

export interface OverridesView {
  rows: readonly OverrideLine[];
  onlyStale: boolean;
}

/** Stale ones first (they need someone to act), then the newest. */
export function orderOverrides<T extends Pick<AssignmentRecord, 'state' | 'createdAtMs' | 'teacherId'>>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.state === b.state ? b.createdAtMs - a.createdAtMs || (a.teacherId < b.teacherId ? -1 : 1) : a.state === 'stale' ? -1 : 1));
}

function stateText(r: OverrideLine): string {
  if (r.state !== 'stale') return PLACEMENT_TEXT.assignmentState.active ?? r.state;
  const why = r.staleReason === 'stale-code-changed'
    ? OVERRIDES_TEXT.codeChanged(r.institutionCode, r.teacherCode ?? '?')
    : (PLACEMENT_TEXT.staleReasons[r.staleReason ?? ''] ?? r.staleReason ?? '');
  return `${PLACEMENT_TEXT.assignmentState.stale ?? r.state}：${why}`;
}

export function overridesBody(v: OverridesView): Html {
  const t = OVERRIDES_TEXT;
  const c = t.columns;
  const toggle = html`<p><a href="/overrides${v.onlyStale ? '' : '?stale=1'}">${v.onlyStale ? t.all : t.onlyStale}</a></p>`;
  if (v.rows.length === 0) return html`<p>${t.intro}</p>${toggle}<p class="muted">${t.none}</p>`;
  const stale = v.rows.filter((r) => r.state === 'stale').length;
  return html`<p>${t.intro}</p>${toggle}<p>${t.staleCount(stale, v.rows.length)}</p>
<div class="table-wrap"><table class="stack">
<thead><tr><th>${c.teacher}</th><th>${c.name}</th><th>${c.school}</th><th>${c.campus}</th><th>${c.now}</th><th>${c.state}</th><th>${c.by}</th><th>${c.since}</th><th>${c.reason}</th></tr></thead>
<tbody>${orderOverrides(v.rows).map((r) => html`<tr${r.state === 'stale' ? html` class="stale"` : ''}><td data-label="${c.teacher}"><a href="/teachers/${r.teacherId}">${r.teacherId}</a></td><td data-label="${c.name}">${maskedName(r.name)}</td><td data-label="${c.school}">${r.schoolId}</td><td data-label="${c.campus}">${r.campusName ?? PLACEMENT_TEXT.none}</td><td data-label="${c.now}">${r.accountSchoolId ?? PLACEMENT_TEXT.none}</td><td data-label="${c.state}">${stateText(r)}</td><td data-label="${c.by}">${r.assignedBy}</td><td class="nowrap" data-label="${c.since}">${dateTime(r.createdAtMs)}</td><td data-label="${c.reason}">${r.reason}</td></tr>`)}</tbody>
</table></div>`;
}
