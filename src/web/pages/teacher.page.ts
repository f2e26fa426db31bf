import type { AccountLink } from '../../core/account-link.js';
import type { AssignmentRecord } from '../../db/repositories/manual-assignment.repository.js';
import type { TeacherProfile } from '../../db/repositories/teacher.repository.js';
import type { ExplanationLine } from '../../core/teacher-explanation-text.js';
import type { TargetSchool } from '../../core/types.js';
import { html, type Html } from '../html.js';
import { dateTime } from './format.js';
import { maskedName, PLACEMENT_TEXT, placementName, schoolLabel, teacherStanding } from './placement-text.js';

export const TEACHER_TEXT = {
  title: (id: string) => `教师 ${id}`,
  lookupTitle: '查找教师',
  lookup: '教师编号',
  find: '查找',
  notFound: (id: string) => `没有教师 ${id}：请填写教师培训管理平台的教师编号；新加入的教师在下次同步后才能查到。`,
  record: '记录',
  account: '账号',
  assignment: '人工指定',
  explanation: '同步如何处理这位教师',
  noExplanation: '未配置 PII_KEY，无法与上次推送的内容比较，因此不显示逐步说明。',
  fields: {
    teacher: '教师编号', name: '姓名', id: '证件', status: '状态', problems: '隔离原因', updated: '更新时间', code: '学校标识码', entered: '填报学校名称',
    county: '区县', externalId: '账号编号', accountId: '学籍系统账号', username: '用户名', school: '所在学校', accountStatus: '账号状态', why: '原因',
    pushed: '上次推送', follows: '说明', assignedSchool: '指定学校', state: '状态', by: '指定人', at: '指定时间', reason: '理由',
  },
  noAccount: '尚无账号：记录有效且在职时，下次同步会开通。',
  follows: (id: string) => `账号跟随同一人的较新记录 ${id}`,
  pushedAt: (run: number, at: string) => `第 ${run} 次同步，${at}`,
  sharedCode: '查看同一标识码的校区和教师',
  step: '步骤',
  result: '结果',
  idTypes: {
    resident_id: '居民身份证', hk_macao_permit: '港澳居民来往内地通行证', taiwan_permit: '台湾居民来往大陆通行证', passport: '护照', foreign_permanent: '外国人永久居留身份证',
  } as Readonly<Record<string, string>>,
} as const;

export interface TeacherView {
  teacher: TeacherProfile;
  link: AccountLink | null;
  assignment: AssignmentRecord | null;
  schools: ReadonlyMap<string, TargetSchool>;
  placement: string;
  /** The run's steps in Chinese, the record's name already masked; null without the PII key. */
  explanation: readonly ExplanationLine[] | null;
  /** Whether the shared-code page of the teacher's code may be linked. */
  sharedCodeLink: boolean;
}

function rows(pairs: readonly [string, string | Html][]): Html {
  return html`<table class="fields"><tbody>${pairs.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`;
}

export function teacherBody(v: TeacherView): Html {
  const t = TEACHER_TEXT;
  const f = t.fields;
  const p = v.teacher;
  const record = rows([
    [f.teacher, p.teacherId],
    [f.name, maskedName(p.name)],
    [f.id, `${p.idType === null ? '' : (t.idTypes[p.idType] ?? p.idType)} ${p.idNumberMasked ?? ''}`.trim()],
    [f.status, teacherStanding(p)],
    ...(p.valid ? [] : [[f.problems, p.problems.join('、')] as [string, string]]),
    [f.updated, dateTime(p.updatedAtMs)],
    [f.code, p.institutionCode === null ? PLACEMENT_TEXT.none : v.sharedCodeLink ? html`<a href="/shared-codes/${p.institutionCode}">${p.institutionCode}</a>` : p.institutionCode],
    [f.entered, p.institutionName ?? PLACEMENT_TEXT.none],
    [f.county, p.countyCode ?? PLACEMENT_TEXT.none],
  ]);
  const l = v.link;
  const account = l === null ? html`<p>${t.noAccount}</p>` : rows([
    [f.externalId, l.externalId],
    [f.accountId, l.accountId ?? PLACEMENT_TEXT.none],
    [f.username, l.username ?? PLACEMENT_TEXT.none],
    [f.school, schoolLabel(v.schools.get(l.schoolId), l.schoolId)],
    [f.accountStatus, PLACEMENT_TEXT.accountStatus[l.status] ?? l.status],
    [f.why, placementName(v.placement)],
    [f.pushed, t.pushedAt(Number(l.pushedRunId), dateTime(Number(l.pushedAtMs)))],
    ...(l.teacherId === p.teacherId ? [] : [[f.follows, t.follows(l.teacherId)] as [string, string]]),
  ]);
  const a = v.assignment;
  const assignment = a === null ? '' : html`<h2>${t.assignment}</h2>${rows([
    [f.assignedSchool, schoolLabel(v.schools.get(a.schoolId), a.schoolId)],
    [f.state, `${PLACEMENT_TEXT.assignmentState[a.state] ?? a.state}${a.staleReason ? `（${PLACEMENT_TEXT.staleReasons[a.staleReason] ?? a.staleReason}）` : ''}`],
    [f.by, a.assignedBy],
    [f.at, dateTime(a.createdAtMs)],
    [f.reason, a.reason],
  ])}`;
  const explanation = v.explanation === null
    ? html`<p class="muted">${t.noExplanation}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t.step}</th><th>${t.result}</th></tr></thead>
<tbody>${v.explanation.map((line) => html`<tr><th scope="row" class="nowrap">${line.title}</th><td>${line.text}</td></tr>`)}</tbody></table></div>`;
  return html`<h2>${t.record}</h2>${record}<h2>${t.account}</h2>${account}${assignment}<h2>${t.explanation}</h2>${explanation}`;
}

export function teacherLookupBody(v: { teacherId: string; notFound: boolean }): Html {
  const t = TEACHER_TEXT;
  return html`${v.notFound ? html`<p class="error" role="alert">${t.notFound(v.teacherId)}</p>` : ''}
<form method="get" action="/teachers" class="filters"><label>${t.lookup} <input name="id" required maxlength="64" value="${v.teacherId}"></label> <button type="submit">${t.find}</button></form>`;
}
