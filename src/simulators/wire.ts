import type { RegistryInstitution, SourceTeacher, TargetSchool } from '../core/types.js';

/**
 * Records as the three platforms put them on the wire (see docs: platform contracts). The domain
 * types already have the wire's field names, so these are aliases: a teacher record is unchecked,
 * every field but `teacherId` may be null or malformed.
 */
export type SourceTeacherWire = SourceTeacher;
export type InstitutionWire = RegistryInstitution;
export type SchoolWire = TargetSchool;

export type AccountStatus = 'active' | 'disabled';

/** One account on the student-record platform, with what the list endpoint does not show. */
export interface AccountRecord {
  accountId: string;
  /** Null for an account a person created on the platform by hand. */
  externalId: string | null;
  username: string;
  name: string;
  idType: string;
  idNumber: string;
  gender: 'M' | 'F' | null;
  mobile: string | null;
  email: string | null;
  schoolId: string;
  status: AccountStatus;
  createdAt: string;
  updatedAt: string;
}

/** What `GET /api/v1/teacher-accounts` returns for one account. */
export interface AccountWire {
  externalId: string | null;
  accountId: string;
  username: string;
  idType: string;
  idNumber: string;
  schoolId: string;
  status: AccountStatus;
  name: string;
  updatedAt: string;
}

/** One item the student-record simulator received, whatever became of it. */
export interface PushLogEntry {
  externalId: string | null;
  /** HTTP status given to the item (201, 200, 404, 409, 422). */
  status: number;
  /** Simulator clock, epoch milliseconds. */
  at: number;
}
