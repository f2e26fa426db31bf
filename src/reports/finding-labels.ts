import type { MismatchFinding, MismatchKind, PersonProblemCode } from '../core/mismatch-finding.js';

/** What each finding is called in a report, and what the school should do about it. */
export const KIND_LABELS: Readonly<Record<MismatchKind, { label: string; action: string }>> = {
  CODE_MISSING: {
    label: '未填学校标识码',
    action: '请学校在教师培训管理平台填写本校10位学校标识码（可在全国机构编码系统中查询）。',
  },
  CODE_MALFORMED: {
    label: '学校标识码格式错误',
    action: '请学校核对并更正学校标识码：应为10位数字，前两位为学校类别，第3-4位为本省的省份代码（见说明）。',
  },
  CODE_UNKNOWN: {
    label: '学校标识码不存在',
    action: '全国机构编码系统中查无此码，请学校核对后更正；新设学校请先办理机构编码登记。',
  },
  CODE_REVOKED: {
    label: '学校标识码已注销',
    action: '该码已在全国机构编码系统中注销，请学校改填现用的学校标识码（撤并学校改填并入学校的标识码）。',
  },
  NAME_MISMATCH: {
    label: '学校名称与标识码不符',
    action: '填报的学校名称不是该标识码登记的学校：请学校核对是否填成了别校的标识码，或按登记名称更正学校名称。',
  },
  NO_TARGET_SCHOOL: {
    label: '学籍系统无对应学校',
    action: '标识码有效，但学籍系统中没有使用该标识码的在用学校：请区县学籍管理员在学籍系统中核对该校的学校标识码。',
  },
};

export const PERSON_LABELS: Readonly<Record<PersonProblemCode, { label: string; action: string }>> = {
  ID_NUMBER_INVALID: { label: '证件号码有误', action: '请教师本人核对证件号码，在教师培训管理平台更正。' },
  ID_NUMBER_MISSING: { label: '未填证件号码', action: '请教师本人在教师培训管理平台填写证件号码。' },
  ID_TYPE_UNKNOWN: { label: '证件类型无法识别', action: '请教师本人在教师培训管理平台选择正确的证件类型。' },
  NAME_MISSING: { label: '未填姓名', action: '请学校在教师培训管理平台补填教师姓名。' },
  STATUS_UNKNOWN: { label: '任职状态无法识别', action: '请学校在教师培训管理平台更正该教师的任职状态（在职、调离或退休）。' },
  SCHEMA_INVALID: { label: '信息格式有误', action: '该教师的某项信息无法识别或超出合理长度（见说明）：请在教师培训管理平台核对更正。' },
  DUPLICATE_PERSON: { label: '同一人重复注册', action: '同一证件号码在教师培训管理平台有多条记录：请学校删除或合并多余的记录。' },
  PUSH_CONFLICT: { label: '学籍系统已有该人账号', action: '该证件号码在学籍系统中已有其他账号（可能为手工创建）：请学籍管理员核对后合并。' },
  PUSH_VALIDATION_FAILED: { label: '学籍系统拒收', action: '学籍系统认为某项信息不合规（见说明）：请在教师培训管理平台核对更正。' },
  PUSH_SCHOOL_NOT_FOUND: { label: '学籍系统找不到学校', action: '学籍系统中该校已停用或不存在：请区县学籍管理员核对。' },
  ASSIGNMENT_STALE: { label: '手工调整的校区已失效', action: '该教师曾被手工调整到某校区，但其学校标识码已变更或该校区已停用，账号暂留原处：请学校管理员确认后重新调整或撤销。' },
  ACCOUNT_DRIFTED: { label: '账号与推送不一致', action: '学籍系统中该账号的学校或状态被改动，且不是同一标识码下的校区调整：请核实；如需恢复为教师培训管理平台的信息，请省级管理员运行核对修复（reconcile --repair）。' },
  ACCOUNT_MOVE_ADOPTED: { label: '已保留平台上的校区调整', action: '学校管理员在学籍系统中调整了该教师的校区，今后的同步将保留这一调整，无需处理；如有误，请在学籍系统中改回。' },
  ACCOUNT_MISSING: { label: '平台账号缺失', action: '该教师的账号在学籍系统中已不存在，已重新推送；如为有意删除，请在教师培训管理平台更新该教师的任职状态。' },
  ACCOUNT_LINKED: { label: '已关联本人已有账号', action: '学籍系统中已有该教师本人的账号（如手工创建），已直接关联使用，未重复创建，无需处理。' },
  ACCOUNT_ORPHAN: { label: '平台账号无对应教师', action: '学籍系统中的该账号在教师培训管理平台找不到对应教师，同步不会改动或停用它：请核实是否需在教师培训管理平台补录该教师，或在学籍系统中处理该账号。' },
};

/** The parts of a drift detail, in Chinese. */
function driftText(what: string): string {
  return what
    .replace(/school (\S+) on the platform, (\S+) pushed/g, '学籍系统中学校为 $1，推送的是 $2')
    .replace(/status (\S+) on the platform, (\S+) pushed/g, '学籍系统中状态为 $1，推送的是 $2');
}

/** The suggestion a report makes beside a finding, when the registry names another code for the entered name. */
export function suggestionText(f: MismatchFinding): string {
  if (!f.suggestedCode) return '';
  return `填报名称对应的登记学校为“${f.suggestedName ?? ''}”（${f.suggestedCode}），如确为该校，请改填此标识码。`;
}

export function actionText(f: MismatchFinding): string {
  return [KIND_LABELS[f.kind].action, suggestionText(f)].filter((s) => s !== '').join('');
}

/** Field names as the validation rules write them, in Chinese. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  name: '姓名', mobile: '手机号码', 'e-mail address': '电子邮箱', gender: '性别', 'institution name': '学校名称', 'institution code': '学校标识码',
  'county code': '区县代码', 'ID number': '证件号码', 'ID type': '证件类型', status: '任职状态', updatedAt: '更新时间',
};

/** Details written by the validation rules, in Chinese; anything else is shown as it is. */
const DETAIL_PATTERNS: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^check character should be (\S)$/, (m) => `校验位错误，应为 ${m[1]}`],
  [/^bad birth date$/, () => '出生日期无效'],
  [/^length (\d+), expected 18 or 15$/, (m) => `长度为 ${m[1]} 位，应为 18 位`],
  [/^length (\d+), expected 18$/, (m) => `长度为 ${m[1]} 位，应为 18 位`],
  [/^contains non-digits$/, () => '含有数字以外的字符'],
  [/^contains characters other than digits and a final X$/, () => '除末位 X 外含有数字以外的字符'],
  [/^ID number is empty$/, () => '证件号码为空'],
  [/^ID type is empty$/, () => '证件类型为空'],
  [/^unknown ID type (.+)$/, (m) => `未知证件类型 ${m[1]}`],
  [/^name is empty$/, () => '姓名为空'],
  [/^status is empty$/, () => '任职状态为空'],
  [/^unknown status (.+)$/, (m) => `未知任职状态 ${m[1]}`],
  [/^same person as teacher (\S+) \(([^)]*)\); \S+ was updated later and is used$/, (m) => `与教师 ${m[1]}（${m[2]}）为同一人，已采用较新的记录 ${m[1]}`],
  [/^account (\S+) was moved on the student-record platform from school (\S+) to (\S+); the move is kept$/, (m) => `账号 ${m[1]} 已在学籍系统中由 ${m[2]} 调整到 ${m[3]}，已保留该调整`],
  [/^account (\S+) differs from the last push \((.+)\)(; pushed back)?$/, (m) => `账号 ${m[1]} 与上次推送不一致（${driftText(m[2] ?? '')}）${m[3] ? '，已改回' : ''}`],
  [/^account (\S+) \(external id (\S+)\) is no longer on the student-record platform; it is pushed again$/, (m) => `账号 ${m[1]}（外部编号 ${m[2]}）在学籍系统中已不存在，已重新推送`],
  [/^account (\S+)(?: made by hand| \(external id (\S+)\)) on the student-record platform is this teacher's; it is used, not duplicated$/,
    (m) => `学籍系统中已有该教师的账号 ${m[1]}${m[2] ? `（外部编号 ${m[2]}）` : '（手工创建）'}，已关联使用，未重复创建`],
  [/^account (\S+) \(user (\S+), (.+), (\S+)\) at school (\S+) matches no teacher; left as it is$/,
    (m) => `学籍系统账号 ${m[1]}（用户名 ${m[2]}，${m[3]}，证件 ${m[4]}，学校 ${m[5]}）在教师培训管理平台无对应教师，未作改动`],
  [/^(.+?) was sent as (.+)$/, (m) => `${FIELD_NAMES[m[1] ?? ''] ?? m[1]}的数据类型错误（${m[2]?.startsWith('a number too large') ? '数字过长，无法准确读取' : '应为文本'}）`],
  [/^(.+) too long \((\d+) characters, at most (\d+)\)$/, (m) => `${FIELD_NAMES[m[1] ?? ''] ?? m[1]}过长（${m[2]} 个字符，最多 ${m[3]} 个）`],
  [/^unknown gender (.+)$/, (m) => `无法识别的性别 ${m[1]}`],
  [/^teacherId listed twice in one pull; the later entry is used$/, () => '同一教师编号在一次拉取中出现两次，已采用后一条'],
  [/^ID_NUMBER_CONFLICT: this ID number already has account (\S+) \((.+)\)$/, (m) => `该证件号码在学籍系统中已有账号 ${m[1]}${m[2] === 'an account made by hand' ? '（手工创建）' : ''}`],
];

export function problemDetailText(detail: string): string {
  for (const [re, text] of DETAIL_PATTERNS) {
    const m = re.exec(detail);
    if (m) return text(m);
  }
  return detail;
}
