/**
 * An explanation of one teacher in plain Chinese, one line per step: what an operator reads at a
 * terminal and the console's teacher page shows. Times are formatted by the caller.
 */
import type { StaleReason } from './manual-assignment.js';
import { RUN_MODE_LABELS, RUN_STATUS_LABELS } from './run-labels.js';
import type { DecisionPath } from './person-decision.js';
import type { RecordRole, TeacherExplanation, ValidationField } from './teacher-explanation.js';

export type ExplanationStep = 'record' | 'validation' | 'identity' | 'school' | 'placement' | 'rollout' | 'diff' | 'next' | 'lastRun';

export interface ExplanationLine {
  step: ExplanationStep;
  /** 步骤名称. */
  title: string;
  text: string;
}

const FIELD_LABELS: Record<ValidationField, string> = {
  name: '姓名', idType: '证件类型', idNumber: '证件号码', institutionCode: '学校标识码', status: '任职状态', updatedAt: '更新时间', schema: '字段格式',
};

const STATUS_LABELS: Readonly<Record<string, string>> = { active: '在职', left: '离职', retired: '退休' };
const ACCOUNT_STATUS_LABELS: Readonly<Record<string, string>> = { active: '启用', disabled: '停用' };

const REASON_LABELS: Readonly<Record<string, string>> = {
  'only-school': '该标识码在学籍系统只有这一所学校',
  config: '配置 campus.explicit 为该标识码指定了这个校区',
  'campus-named': '填报的学校名称写明了这个校区',
  'main-campus': '填报名称未写明校区，归入本部（主校区）',
  'lowest-id': '填报名称未写明校区且没有本部，归入学校编号最小的一所',
  manual: '人工指定（reassign），优先于所有规则',
  'manual-stale': '人工指定已失效，账号留在原处，直到重新指定或撤销',
};

const STALE_LABELS: Record<StaleReason, string> = {
  'stale-code-changed': '教师的学校标识码已改变',
  'stale-school-gone': '指定的学校已不在学籍系统中（或已停用）',
};

const ROLE_LABELS: Record<RecordRole, string> = { winner: '采用', duplicate: '重复（未采用）', quarantined: '已隔离', gone: '已从平台删除' };

const ACTION_LABELS: Readonly<Record<string, string>> = {
  create: '新建账号', update: '更新账号', move: '调动到另一所学校', disable: '停用账号', unchanged: '不变', held: '暂缓（不推送）', none: '不处理',
};

const PATH_LABELS: Record<DecisionPath, string> = {
  'quarantined-no-account': '记录被隔离且没有账号：不推送任何内容',
  gone: '该人的记录已全部从教师培训管理平台删除：停用其账号',
  'quarantined-held': '记录被隔离：已有账号保持原样（ACCOUNT_HELD），直到记录更正',
  'inactive-no-account': '教师已离职或退休且从未开通账号：不新建',
  'no-target-school': '学籍系统没有学校使用该标识码：暂缓（NO_TARGET_SCHOOL），不报错',
  placed: '已确定学校，与上次推送比较',
};

const ID_TYPE_LABELS: Readonly<Record<string, string>> = {
  resident_id: '居民身份证', hk_macao_permit: '港澳居民来往内地通行证', taiwan_permit: '台湾居民来往大陆通行证', passport: '护照', foreign_permanent: '外国人永久居留身份证',
};

const label = (table: Readonly<Record<string, string>>, key: string | null) => (key === null ? '—' : (table[key] ?? key));

function schoolName(e: TeacherExplanation, schoolId: string | null): string {
  if (schoolId === null) return '无';
  const s = e.school.schools.find((x) => x.schoolId === schoolId);
  return s ? `${schoolId} ${s.name}${s.campusName ? `（${s.campusName}）` : ''}` : schoolId;
}

function identityText(e: TeacherExplanation): string {
  const { identity } = e;
  if (!identity.grouped) return '证件无效，无法识别为某一人：本记录单独处理';
  if (identity.records.length === 1) return identity.winnerId ? '证件类型+证件号码只对应这一条记录' : `只有这一条记录（${ROLE_LABELS[identity.role]}）`;
  const list = identity.records.map((r) => `${r.teacherId}（${ROLE_LABELS[r.role]}）`).join('、');
  const why = identity.winnerId ? `；${identity.winnerId} 更新最晚，账号按它开通${identity.role === 'duplicate' ? '，本记录记为重复注册（DUPLICATE_PERSON）' : ''}` : '；没有可用的记录';
  return `证件类型+证件号码相同的记录共 ${identity.records.length} 条：${list}${why}`;
}

function placementText(e: TeacherExplanation): string {
  const { placement } = e;
  if (e.next.path !== 'placed' && e.next.path !== 'no-target-school') return `不需要确定学校：${PATH_LABELS[e.next.path]}`;
  const parts: string[] = [];
  if (placement.schoolId !== null) parts.push(`${schoolName(e, placement.schoolId)}：${label(REASON_LABELS, placement.reason)}`);
  else parts.push('没有可去的学校');
  const a = placement.assignment;
  if (a) {
    const state = a.state === 'stale' || a.verdict !== 'holds' ? `已失效（${a.staleReason ? STALE_LABELS[a.staleReason] : '此前已标记'}）` : '有效';
    parts.push(`人工指定：${schoolName(e, a.schoolId)}，${a.assignedBy}，理由“${a.reason}”，${state}`);
  }
  if (placement.byRules && placement.byRules.schoolId !== placement.schoolId) parts.push(`若按规则：${schoolName(e, placement.byRules.schoolId)}（${label(REASON_LABELS, placement.byRules.reason)}）`);
  return parts.join('；');
}

function diffText(e: TeacherExplanation): string {
  const { account, desired, changed } = e.diff;
  if (!account) return desired ? `尚无账号；应开通在 ${schoolName(e, desired.schoolId)}` : '尚无账号';
  const now = `账号 ${account.externalId} 在 ${schoolName(e, account.schoolId)}，${label(ACCOUNT_STATUS_LABELS, account.status)}，第 ${account.pushedRunId} 次同步推送`;
  if (!desired || !changed) return `${now}；本次不比较`;
  const diffs = [changed.school ? `学校 → ${schoolName(e, desired.schoolId)}` : '', changed.status ? `状态 → ${label(ACCOUNT_STATUS_LABELS, desired.status)}` : '', changed.content && !changed.school && !changed.status ? '个人信息有变化' : ''].filter((s) => s !== '');
  return `${now}；${diffs.length > 0 ? diffs.join('，') : '与应有内容一致'}`;
}

function rolloutText(e: TeacherExplanation, formatTime: (ms: number) => string): string {
  const r = e.rollout;
  if (r.wave === null && r.live) return '未配置上线批次：所有区县均已上线';
  if (r.wave === null) return `区县 ${r.countyCode ?? '未知'} 不在任何上线批次：暂缓推送`;
  return `区县 ${r.countyCode ?? '未知'} 属于批次“${r.wave}”，上线时间 ${r.goLiveMs === null ? '—' : formatTime(r.goLiveMs)}：${r.live ? '已上线' : '尚未上线，只核对和报告，不推送'}`;
}

function lastRunText(e: TeacherExplanation, formatTime: (ms: number) => string): string {
  const l = e.lastRun;
  if (!l) return '还没有完成的同步';
  const planned = l.planned ? `计划${label(ACTION_LABELS, l.planned.action)}（${schoolName(e, l.planned.schoolId)}），推送${l.planned.state === 'done' ? '成功' : `结果 ${l.planned.state}${l.planned.resultCode ? ` ${l.planned.resultCode}` : ''}`}` : '没有为该教师推送任何内容';
  const problems = l.problems.length > 0 ? `；问题：${l.problems.map((p) => p.code).join('、')}` : '';
  return `第 ${l.runId} 次同步（${label(RUN_MODE_LABELS, l.mode)}，${label(RUN_STATUS_LABELS, l.status)}，${formatTime(l.startedAtMs)}）：${planned}${problems}`;
}

/** The explanation as lines of Chinese, in the order the run takes the steps. */
export function explanationLines(e: TeacherExplanation, formatTime: (ms: number) => string): ExplanationLine[] {
  const r = e.record;
  const failed = e.validation.checks.filter((c) => !c.passed);
  const registry = e.school.registry;
  const next = e.next;
  return [
    { step: 'record', title: '记录', text: `${r.teacherId} ${r.name}，${r.idType === null ? '证件类型未知' : label(ID_TYPE_LABELS, r.idType)} ${r.idNumberMasked ?? ''}，学校标识码 ${r.institutionCode ?? '（空）'}“${r.institutionName ?? ''}”，区县 ${r.countyCode ?? '—'}，${r.gone ? '已从平台删除' : label(STATUS_LABELS, r.status)}，更新于 ${formatTime(r.updatedAtMs)}` },
    {
      step: 'validation', title: '校验',
      text: failed.length === 0
        ? `全部通过（${e.validation.checks.map((c) => FIELD_LABELS[c.field]).join('、')}）`
        : `未通过：${failed.map((c) => `${FIELD_LABELS[c.field]}（${c.problems.map((p) => p.code).join('、')}）`).join('；')}；记录被隔离，不推送`,
    },
    { step: 'identity', title: '同一人', text: identityText(e) },
    {
      step: 'school', title: '学校',
      text: `学校标识码 ${e.school.institutionCode ?? '（空）'} → 全国机构编码系统：${registry ? `${registry.name}（${registry.countyCode}${registry.status === 'revoked' ? '，已注销' : ''}）` : '未登记'} → 学籍系统学校 ${e.school.schools.filter((s) => s.status === 'active').length} 所${e.school.schools.length > 0 ? `：${e.school.schools.map((s) => `${schoolName(e, s.schoolId)}${s.status === 'active' ? '' : '（停用）'}`).join('、')}` : ''}`,
    },
    { step: 'placement', title: '校区', text: placementText(e) },
    { step: 'rollout', title: '上线批次', text: rolloutText(e, formatTime) },
    { step: 'diff', title: '与上次推送比较', text: diffText(e) },
    {
      step: 'next', title: '下一次同步',
      text: `${label(ACTION_LABELS, next.outcome)}${next.heldByRollout ? '（所在区县尚未上线）' : ''}：${PATH_LABELS[next.path]}${next.problems.length > 0 ? `；记录问题 ${next.problems.map((p) => `${p.code}（${p.teacherId}）`).join('、')}` : ''}`,
    },
    { step: 'lastRun', title: '上次同步', text: lastRunText(e, formatTime) },
  ];
}
