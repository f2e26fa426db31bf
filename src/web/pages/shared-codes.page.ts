import type { SharedCode, SharedCodeTeacher } from '../../assignments/shared-codes.js';
import type { TargetSchool } from '../../core/types.js';
import { html, type Html } from '../html.js';
import { count } from './format.js';
import { maskedName, PLACEMENT_TEXT, placementName, schoolLabel, teacherStanding } from './placement-text.js';

export const SHARED_CODES_TEXT = {
  title: '共用标识码',
  codeTitle: (code: string) => `共用标识码 ${code}`,
  intro: '几所学籍系统学校（校区）共用一个学校标识码时，教师按规则归入其中一所；规则不对时可人工指定。',
  none: '没有几所学校共用的学校标识码（以最近一次同步为准）。',
  county: '区县',
  filter: '筛选',
  allCounties: '全部',
  columns: {
    code: '学校标识码', school: '学校编号', campus: '校区', status: '状态', canonical: '默认校区', rule: '按规则', named: '写明校区',
    manual: '人工指定', stale: '指定失效', pending: '待调整', total: '合计',
  },
  canonicalMark: '默认',
  show: '查看教师',
  schools: '学校（校区）',
  teachers: '教师',
  noTeachers: '没有教师填报该标识码或在这些学校。',
  teacherColumns: {
    teacher: '教师编号', name: '姓名', status: '状态', school: '账号所在学校', why: '原因', assigned: '人工指定', entered: '填报学校名称', action: '操作',
  },
  moveTo: '调到',
  reason: '理由',
  reasonPlaceholder: '例如：在钱江校区任教',
  move: '指定',
  undo: '撤销指定',
  undoReason: '撤销理由（可选）',
  stale: '（已失效）',
  legend: '按规则：唯一学校、配置指定、本部或编号最小；写明校区：填报名称写明了校区；待调整：已人工指定，下次同步调过来。',
} as const;

export interface SharedCodesListView {
  codes: readonly SharedCode[];
  /** Counties the person may filter by (empty: no filter shown). */
  counties: readonly { code: string; name: string }[];
  county: string | null;
}

export function sharedCodesListBody(v: SharedCodesListView): Html {
  const t = SHARED_CODES_TEXT;
  const c = t.columns;
  const filter = v.counties.length === 0 ? '' : html`<form method="get" action="/shared-codes" class="filters">
<label>${t.county} <select name="county"><option value="">${t.allCounties}</option>${v.counties.map((k) => html`<option value="${k.code}"${k.code === v.county ? html` selected` : ''}>${k.code} ${k.name}</option>`)}</select></label>
<button type="submit">${t.filter}</button></form>`;
  if (v.codes.length === 0) return html`<p>${t.intro}</p>${filter}<p class="muted">${t.none}</p>`;
  return html`<p>${t.intro}</p>${filter}
<div class="table-wrap"><table class="stack">
<thead><tr><th>${c.code}</th><th>${c.school}</th><th>${c.campus}</th><th>${c.status}</th><th>${c.canonical}</th><th class="num">${c.rule}</th><th class="num">${c.named}</th><th class="num">${c.manual}</th><th class="num">${c.stale}</th><th class="num">${c.pending}</th></tr></thead>
<tbody>${v.codes.map((code) => code.schools.map((s, i) => html`<tr>${i === 0 ? html`<td rowspan="${code.schools.length}" data-label="${c.code}"><a href="/shared-codes/${code.code}">${code.code}</a><br>${code.name}<br><span class="muted">${code.countyCode ?? ''}</span></td>` : ''}<td data-label="${c.school}">${s.schoolId}</td><td data-label="${c.campus}">${s.campusName ?? PLACEMENT_TEXT.none}</td><td data-label="${c.status}">${PLACEMENT_TEXT.schoolStatus[s.status] ?? s.status}</td><td data-label="${c.canonical}">${s.canonical ? html`<span class="tag">${t.canonicalMark}</span> ${PLACEMENT_TEXT.canonicalReasons[code.canonicalReason ?? ''] ?? code.canonicalReason ?? ''}` : ''}</td><td class="num" data-label="${c.rule}">${count(s.teachers.rule)}</td><td class="num" data-label="${c.named}">${count(s.teachers.campusNamed)}</td><td class="num" data-label="${c.manual}">${count(s.teachers.manual)}</td><td class="num" data-label="${c.stale}">${count(s.teachers.stale)}</td><td class="num" data-label="${c.pending}">${count(s.pending)}</td></tr>`))}</tbody>
</table></div>
<p class="muted">${t.legend}</p>`;
}

export interface SharedCodeView {
  code: string;
  schools: readonly TargetSchool[];
  /** The school a teacher of the code goes to when nothing else decides, and why. */
  canonical: { schoolId: string; reason: string } | null;
  teachers: readonly SharedCodeTeacher[];
  /** Whether the person may move and undo here: forms are shown only then (the post checks again). */
  mayReassign: boolean;
  csrf: Html;
}

function moveForm(v: SharedCodeView, t: SharedCodeTeacher): Html {
  const s = SHARED_CODES_TEXT;
  const targets = v.schools.filter((x) => x.status === 'active' && x.schoolId !== (t.assignment?.schoolId ?? t.schoolId));
  const move = targets.length === 0 ? '' : html`<form method="post" action="/reassign" class="inline">${v.csrf}
<input type="hidden" name="teacherId" value="${t.teacher.teacherId}"><input type="hidden" name="back" value="/shared-codes/${v.code}">
<label>${s.moveTo} <select name="schoolId">${targets.map((x) => html`<option value="${x.schoolId}">${schoolLabel(x, x.schoolId)}</option>`)}</select></label>
<label>${s.reason} <input name="reason" required maxlength="1000" placeholder="${s.reasonPlaceholder}"></label>
<button type="submit">${s.move}</button></form>`;
  const undo = t.assignment === null ? '' : html`<form method="post" action="/reassign/undo" class="inline">${v.csrf}
<input type="hidden" name="teacherId" value="${t.teacher.teacherId}"><input type="hidden" name="back" value="/shared-codes/${v.code}">
<label>${s.undoReason} <input name="reason" maxlength="1000"></label><button type="submit">${s.undo}</button></form>`;
  return html`${move}${undo}`;
}

export function sharedCodeBody(v: SharedCodeView): Html {
  const t = SHARED_CODES_TEXT;
  const c = t.columns;
  const tc = t.teacherColumns;
  const byId = new Map(v.schools.map((s) => [s.schoolId, s]));
  const schools = html`<h2>${t.schools}</h2><div class="table-wrap"><table class="stack">
<thead><tr><th>${c.school}</th><th>${c.campus}</th><th>${c.status}</th><th>${t.county}</th><th>${c.canonical}</th></tr></thead>
<tbody>${v.schools.map((s) => html`<tr><td data-label="${c.school}">${s.schoolId}</td><td data-label="${c.campus}">${s.name}${s.campusName ? html`（${s.campusName}）` : ''}</td><td data-label="${c.status}">${PLACEMENT_TEXT.schoolStatus[s.status] ?? s.status}</td><td data-label="${t.county}">${s.countyCode ?? ''}</td><td data-label="${c.canonical}">${v.canonical?.schoolId === s.schoolId ? html`<span class="tag">${t.canonicalMark}</span> ${PLACEMENT_TEXT.canonicalReasons[v.canonical.reason] ?? v.canonical.reason}` : ''}</td></tr>`)}</tbody>
</table></div>`;
  if (v.teachers.length === 0) return html`${schools}<h2>${t.teachers}</h2><p class="muted">${t.noTeachers}</p>`;
  return html`${schools}<h2>${t.teachers}（${count(v.teachers.length)}）</h2><div class="table-wrap"><table class="stack">
<thead><tr><th>${tc.teacher}</th><th>${tc.name}</th><th>${tc.status}</th><th>${tc.school}</th><th>${tc.why}</th><th>${tc.assigned}</th><th>${tc.entered}</th>${v.mayReassign ? html`<th>${tc.action}</th>` : ''}</tr></thead>
<tbody>${v.teachers.map((x) => html`<tr><td data-label="${tc.teacher}"><a href="/teachers/${x.teacher.teacherId}">${x.teacher.teacherId}</a></td><td data-label="${tc.name}">${maskedName(x.teacher.name)}</td><td data-label="${tc.status}">${teacherStanding(x.teacher)}</td><td data-label="${tc.school}">${x.schoolId === null ? PLACEMENT_TEXT.none : byId.has(x.schoolId) ? schoolLabel(byId.get(x.schoolId), x.schoolId) : html`${x.schoolId} ${PLACEMENT_TEXT.otherCode}`}</td><td data-label="${tc.why}">${placementName(x.placement)}</td><td data-label="${tc.assigned}">${x.assignment ? html`${x.assignment.schoolId}${x.assignment.state === 'stale' ? t.stale : ''}` : ''}</td><td data-label="${tc.entered}">${x.teacher.institutionName ?? ''}</td>${v.mayReassign ? html`<td data-label="${tc.action}">${moveForm(v, x)}</td>` : ''}</tr>`)}</tbody>
</table></div>`;
}
