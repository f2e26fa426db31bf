import { checkInstitutionCode, DEFAULT_INSTITUTION_CATEGORIES, institutionProvince } from './institution-code.js';
import { compareSchoolNames, type NameMatchMethod, type PlaceIndex } from './school-name-match.js';
import type { ProblemCode, RegistryInstitution } from './types.js';

/**
 * What is wrong with a school as entered on the teacher-training platform (学校标识码 + 学校名称),
 * measured against the registry (全国机构编码系统) and the student-record platform (学籍系统).
 * At most one per entered school, the first that applies in this order.
 */
export const MISMATCH_KINDS = [
  'CODE_MISSING', // no code entered
  'CODE_MALFORMED', // not 10 digits, unknown school category, or another province
  'CODE_UNKNOWN', // well-formed but not in the registry
  'CODE_REVOKED', // revoked in the registry (撤销)
  'NAME_MISMATCH', // the code exists, but the entered name is another school's
  'NO_TARGET_SCHOOL', // the code is fine, but no student-record school carries it
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

/** One finding as stored and reported: the verdict, where it goes, and what to suggest. */
export interface MismatchFinding {
  /** Today's division the finding goes to (see county-routing.ts). */
  countyCode: string;
  /** The county the teacher-training platform gave, as given. */
  platformCountyCode: string | null;
  kind: MismatchKind;
  /** As entered, cleaned; '' when nothing was entered. */
  institutionCode: string;
  enteredName: string;
  registryName: string | null;
  registryCountyCode: string | null;
  score: number | null;
  method: NameMatchMethod | null;
  /** Teacher records that entered this school. */
  teacherCount: number;
  /** The registry institution the entered name most likely means, when it is not the entered code. */
  suggestedCode: string | null;
  suggestedName: string | null;
  detail: string;
}

/**
 * Problems of one person that the school can fix and that reports carry with the school findings:
 * what the record says (validation), and what the run found (duplicates, refusals by the platform).
 */
export const PERSON_PROBLEM_CODES = [
  'ID_NUMBER_INVALID', 'ID_NUMBER_MISSING', 'ID_TYPE_UNKNOWN', 'NAME_MISSING', 'STATUS_UNKNOWN', 'SCHEMA_INVALID',
  'DUPLICATE_PERSON', 'PUSH_CONFLICT', 'PUSH_VALIDATION_FAILED', 'PUSH_SCHOOL_NOT_FOUND', 'ASSIGNMENT_STALE',
  'ACCOUNT_DRIFTED', 'ACCOUNT_MOVE_ADOPTED', 'ACCOUNT_MISSING', 'ACCOUNT_LINKED', 'ACCOUNT_ORPHAN',
] as const satisfies readonly ProblemCode[];
export type PersonProblemCode = (typeof PERSON_PROBLEM_CODES)[number];

/** Found while validating a record: the record itself says it, every run alike. */
export const RECORD_PROBLEM_CODES: readonly PersonProblemCode[] = ['ID_NUMBER_INVALID', 'ID_NUMBER_MISSING', 'ID_TYPE_UNKNOWN', 'NAME_MISSING', 'STATUS_UNKNOWN', 'SCHEMA_INVALID'];

export function isPersonProblemCode(code: string): code is PersonProblemCode {
  return (PERSON_PROBLEM_CODES as readonly string[]).includes(code);
}

/** A person-level problem, placed like the school it belongs to. ID numbers only ever masked. */
export interface PersonProblem {
  countyCode: string;
  teacherId: string;
  teacherName: string | null;
  idNumberMasked: string | null;
  code: PersonProblemCode;
  detail: string;
  institutionCode: string | null;
  institutionName: string | null;
}

export interface EnteredSchool {
  /** Normalised 10-digit code, or the cleaned raw text, or null. */
  institutionCode: string | null;
  institutionName: string | null;
}

export interface MismatchVerdict {
  kind: MismatchKind;
  /** Registry name of the code, when the registry knows it. */
  registryName: string | null;
  /** Name similarity to the registry name, 0..1, when there is one to compare with. */
  score: number | null;
  method: NameMatchMethod | null;
  /** Why, in words a school clerk reads (Chinese). */
  detail: string;
}

export interface MismatchContext {
  /** The registry record of the entered code, or null when the registry does not list it. */
  registry: RegistryInstitution | null;
  /** Whether an active student-record school carries the code. */
  hasTargetSchool: boolean;
  /** Two-digit code of the configured province (`province.code`), which digits 3-4 of the codes must carry. */
  province: string;
  places: PlaceIndex;
  categories?: readonly string[];
  nameThreshold?: number;
}

/** The finding for one entered school, or null when it is right. */
export function classifyEnteredSchool(school: EnteredSchool, ctx: MismatchContext): MismatchVerdict | null {
  const check = checkInstitutionCode(school.institutionCode, ctx.categories ?? DEFAULT_INSTITUTION_CATEGORIES);
  const bare = (kind: MismatchKind, detail: string): MismatchVerdict => ({ kind, registryName: null, score: null, method: null, detail });
  if (!check.ok) {
    if (check.problem.code === 'CODE_MISSING') return bare('CODE_MISSING', '未填写学校标识码');
    const cleaned = check.cleaned ?? '';
    if (!/^[0-9]+$/.test(cleaned)) return bare('CODE_MALFORMED', '学校标识码含有数字以外的字符');
    if (cleaned.length !== 10) return bare('CODE_MALFORMED', `学校标识码为${cleaned.length}位，应为10位`);
    return bare('CODE_MALFORMED', `学校标识码前两位（学校类别）${cleaned.slice(0, 2)}无效`);
  }
  const code = check.code;
  if (institutionProvince(code) !== ctx.province) {
    return bare('CODE_MALFORMED', `学校标识码第3-4位（省份）为${institutionProvince(code)}，本省应为${ctx.province}`);
  }
  const reg = ctx.registry;
  if (reg === null || reg.code !== code) return bare('CODE_UNKNOWN', '全国机构编码系统中没有此学校标识码');
  const name = compareSchoolNames(school.institutionName, reg.name, {
    places: ctx.places,
    registryCounty: reg.countyCode,
    ...(ctx.nameThreshold === undefined ? {} : { threshold: ctx.nameThreshold }),
  });
  const withRegistry = (kind: MismatchKind, detail: string): MismatchVerdict => ({ kind, registryName: reg.name, score: name.score, method: name.method, detail });
  if (reg.status === 'revoked') return withRegistry('CODE_REVOKED', `该学校标识码已在全国机构编码系统中注销（登记名称：${reg.name}）`);
  if (!name.same) {
    const entered = school.institutionName?.trim() ?? '';
    return withRegistry(
      'NAME_MISMATCH',
      entered === ''
        ? `未填写学校名称；该标识码登记为“${reg.name}”`
        : name.placeDiffers
          ? `填报名称“${entered}”所写的地名是另一区县或地市，与该标识码的登记名称“${reg.name}”不是同一所学校（相似度${name.score.toFixed(2)}）`
          : `填报名称“${entered}”与该标识码的登记名称“${reg.name}”不是同一所学校（相似度${name.score.toFixed(2)}）`,
    );
  }
  if (!ctx.hasTargetSchool) return withRegistry('NO_TARGET_SCHOOL', '学籍系统中没有使用该学校标识码的在用学校');
  return null;
}
