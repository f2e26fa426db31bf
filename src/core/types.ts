/**
 * Domain types shared by the pure core and its adapters. Plain data only: no I/O lives here.
 */

/** Kind of identity document. */
export const ID_TYPES = [
  'resident_id', // 居民身份证 (GB 11643)
  'hk_macao_permit', // 港澳居民来往内地通行证
  'taiwan_permit', // 台湾居民来往大陆通行证
  'passport',
  'foreign_permanent', // 外国人永久居留身份证
] as const;
export type IdType = (typeof ID_TYPES)[number];

export const TEACHER_STATUSES = ['active', 'left', 'retired'] as const;
export type TeacherStatus = (typeof TEACHER_STATUSES)[number];

export type Gender = 'M' | 'F';

/**
 * A teacher exactly as the teacher-training platform (教师培训管理平台) sent it, after the envelope
 * was checked but before any rule ran. Every field except `teacherId` may be missing or malformed.
 */
export interface SourceTeacher {
  teacherId: string;
  name: string | null;
  idType: string | null;
  idNumber: string | null;
  gender: string | null;
  mobile: string | null;
  email: string | null;
  /** 学校标识码 as the school typed it: full-width digits, spaces, wrong length all occur. */
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  status: string | null;
  /** RFC 3339 as sent. */
  updatedAt: string | null;
}

/** Why one record could not be taken as it is. Stable codes: stored, reported, counted. */
export type ProblemCode =
  | 'SCHEMA_INVALID'
  | 'NAME_MISSING'
  | 'ID_TYPE_UNKNOWN'
  | 'ID_NUMBER_MISSING'
  | 'ID_NUMBER_INVALID'
  | 'CODE_MISSING'
  | 'CODE_MALFORMED'
  | 'STATUS_UNKNOWN'
  | 'UPDATED_AT_INVALID'
  | 'DUPLICATE_PERSON'
  | 'NO_TARGET_SCHOOL'
  | 'PUSH_CONFLICT'
  | 'PUSH_SCHOOL_NOT_FOUND'
  | 'PUSH_VALIDATION_FAILED'
  | 'PUSH_FAILED'
  | 'ACCOUNT_HELD'
  | 'ASSIGNMENT_STALE'
  // Found by reconciliation with what the student-record platform holds.
  | 'ACCOUNT_DRIFTED'
  | 'ACCOUNT_MOVE_ADOPTED'
  | 'ACCOUNT_MISSING'
  | 'ACCOUNT_LINKED'
  | 'ACCOUNT_ORPHAN';

export interface Problem {
  code: ProblemCode;
  /** Human-readable detail. Must never contain a raw ID number or mobile. */
  detail: string;
}

/**
 * A teacher after normalisation. Fields that could not be normalised keep their trimmed raw
 * value (or null); `problems` says why the record is not usable. A record with no problems is valid.
 */
export interface NormalisedTeacher {
  teacherId: string;
  name: string | null;
  idType: IdType | null;
  /** Normalised: upper-case X, 15-digit resident numbers upgraded to 18. */
  idNumber: string | null;
  gender: Gender | null;
  mobile: string | null;
  email: string | null;
  /** Normalised 10-digit code when well-formed, else the cleaned raw text (or null). */
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  status: TeacherStatus | null;
  /** Epoch milliseconds of `updatedAt`, 0 when it could not be read. */
  updatedAtMs: number;
}

export interface ValidatedTeacher {
  teacher: NormalisedTeacher;
  /** Empty when the record can be pushed. */
  problems: Problem[];
  /** True when idType and idNumber are valid, so the person can be identified even if other fields are not. */
  identityValid: boolean;
}

/** A school (or campus) on the student-record platform (学籍系统省级集中平台). */
export interface TargetSchool {
  schoolId: string;
  institutionCode: string;
  name: string;
  campusName: string | null;
  countyCode: string | null;
  status: 'active' | 'inactive';
}

/** One institution in the national institution code registry (全国机构编码系统). */
export interface RegistryInstitution {
  code: string;
  name: string;
  countyCode: string;
  category: string;
  status: 'active' | 'revoked';
}

/** Why a teacher went to the school it went to. */
export type SchoolChoiceReason = 'only-school' | 'config' | 'campus-named' | 'main-campus' | 'lowest-id';

export interface SchoolChoice {
  schoolId: string;
  reason: SchoolChoiceReason;
}

/** What the student-record platform should hold for one person. */
export interface DesiredAccount {
  name: string;
  idType: IdType;
  idNumber: string;
  gender: Gender | null;
  mobile: string | null;
  email: string | null;
  schoolId: string;
  status: 'active' | 'disabled';
}

/** What the daemon last pushed for one account. */
export interface LinkState {
  externalId: string;
  schoolId: string;
  status: 'active' | 'disabled';
  /** Hash of the fingerprint of what was last pushed successfully. */
  pushedHash: string;
}

export type AccountAction = 'create' | 'update' | 'move' | 'disable' | 'unchanged';
