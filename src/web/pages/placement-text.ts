import type { TargetSchool } from '../../core/types.js';
import type { MoveRefusalCode } from '../../assignments/reassignment.js';
import type { MovesFileProblem, MovesRowProblem } from '../../assignments/moves-csv.js';
import { maskPersonName } from '../../core/pii-mask.js';

/**
 * The words the assignment pages share: where a teacher is and why, and why a move is refused.
 * The rules' own reasons are the command's (src/assignments); these are their Chinese names.
 */
export const PLACEMENT_TEXT = {
  /** placementLabel and the account's choice_reason. */
  placements: {
    'only-school': '唯一学校', config: '配置指定', 'campus-named': '填报名称写明校区', 'main-campus': '本部', 'lowest-id': '编号最小',
    rule: '规则', manual: '人工指定', 'manual-pending': '人工指定（下次同步调整）', 'manual-stale': '人工指定已失效',
    'no-account': '尚无账号', 'undone-pending': '已撤销指定（下次同步按规则）',
  } as Readonly<Record<string, string>>,
  canonicalReasons: {
    'only-school': '该标识码只有这一所在用学校', config: '配置 campus.explicit 指定', 'campus-named': '填报名称写明校区',
    'main-campus': '本部（主校区）', 'lowest-id': '没有本部，取学校编号最小的一所',
  } as Readonly<Record<string, string>>,
  schoolStatus: { active: '在用', inactive: '停用' } as Readonly<Record<string, string>>,
  teacherStatus: { active: '在职', left: '离职', retired: '退休' } as Readonly<Record<string, string>>,
  accountStatus: { active: '启用', disabled: '停用' } as Readonly<Record<string, string>>,
  gone: '已从平台删除',
  quarantined: '已隔离',
  assignmentState: { active: '有效', stale: '已失效' } as Readonly<Record<string, string>>,
  staleReasons: { 'stale-code-changed': '教师的学校标识码已改变', 'stale-school-gone': '指定的学校已停用或不存在' } as Readonly<Record<string, string>>,
  none: '—',
  otherCode: '（其他标识码）',
  refusals: {
    TEACHER_UNKNOWN: (t: string) => `教师 ${t} 不存在：请填写教师培训管理平台的教师编号（如 T00012345）；新加入的教师在下次同步后才能指定`,
    SCHOOL_UNKNOWN: (_t: string, s: string) => `学校 ${s} 不是学籍系统的学校：请在“共用标识码”页面查看该教师标识码下的学校`,
    SCHOOL_INACTIVE: (_t: string, s: string) => `学校 ${s} 在学籍系统已停用，不能接收教师：请选择在用的校区`,
    CODE_NOT_SHARED: (t: string, s: string) => `学校 ${s} 的学校标识码与教师 ${t} 的不同：只能在同一标识码的校区之间调整`,
    ALREADY_ASSIGNED: (t: string, s: string) => `教师 ${t} 已指定到 ${s}：没有变化`,
    MOVED_TWICE: (t: string) => `教师 ${t} 出现了不止一次：每位教师只能有一行`,
    REASON_EMPTY: () => '理由为空：请说明该教师为什么属于这所学校',
  } satisfies Record<MoveRefusalCode, (teacherId: string, schoolId: string) => string>,
  fileProblems: {
    missing: '没有收到文件，请选择要上传的 CSV 文件',
    unreadable: '文件无法读取',
    'not-utf8': '文件不是 UTF-8 编码（可能是 GBK/ANSI）。请在 Excel 或 WPS 中“另存为”→“CSV UTF-8（逗号分隔）”后重新上传',
    'bad-header': '第一行必须是表头 teacherId,schoolId,reason',
    empty: '文件是空的：第一行必须是表头 teacherId,schoolId,reason',
  } satisfies Record<MovesFileProblem, string>,
  rowProblems: {
    unreadable: '该行无法解析（引号不配对？）',
    'field-count': '列数与表头不同：理由中含逗号时请用英文双引号括起来',
    'ids-missing': '教师编号和学校编号都必须填写',
  } satisfies Record<MovesRowProblem, string>,
  line: (n: number) => `第 ${n} 行`,
} as const;

export function placementName(label: string | null): string {
  if (label === null) return PLACEMENT_TEXT.none;
  return PLACEMENT_TEXT.placements[label] ?? label;
}

/** A school as the pages name it: id, name and campus. */
export function schoolLabel(s: Pick<TargetSchool, 'schoolId' | 'name' | 'campusName'> | undefined, schoolId: string | null): string {
  if (schoolId === null) return PLACEMENT_TEXT.none;
  if (!s) return schoolId;
  return `${schoolId} ${s.name}${s.campusName ? `（${s.campusName}）` : ''}`;
}

/** Teachers' names are shown masked on every page, as the reports show them. */
export const maskedName = (name: string | null): string => (name === null ? PLACEMENT_TEXT.none : maskPersonName(name));

export function teacherStanding(t: { gone: boolean; valid: boolean; status: string | null }): string {
  if (t.gone) return PLACEMENT_TEXT.gone;
  if (!t.valid) return PLACEMENT_TEXT.quarantined;
  return t.status === null ? PLACEMENT_TEXT.none : (PLACEMENT_TEXT.teacherStatus[t.status] ?? t.status);
}

export function refusalText(code: MoveRefusalCode, teacherId: string, schoolId: string): string {
  return PLACEMENT_TEXT.refusals[code](teacherId, schoolId);
}
