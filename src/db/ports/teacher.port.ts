import type { PlanRecord } from '../../core/plan-decision.js';
import type { Problem } from '../../core/types.js';

/** A teacher record as stored: personal data sealed in one envelope, keyed hashes beside it. */
export interface StoredTeacher {
  teacherId: string;
  /** The person the record belongs to (see personKey). */
  groupKey: string;
  identityMac: string | null;
  name: string | null;
  idType: string | null;
  /** ID number, mobile and e-mail, sealed together (see pii-envelope.ts). */
  piiSealed: string | null;
  idNumberMasked: string | null;
  gender: string | null;
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  status: string | null;
  updatedAtMs: number;
  /** Why the record is quarantined; empty when it is valid. */
  problems: readonly Problem[];
  valid: boolean;
  gone: boolean;
  /** Keyed hash of everything that changes the record: a re-pulled identical record is not rewritten. */
  contentMac: string;
  /** Keyed hash of the personal fields pushed to the platform. */
  payloadMac: string | null;
  seenRunId: number;
  /** The record's number: given when it is first stored, kept for good, never another record's. */
  seq: number;
}

/** What an operator may see of a teacher: nothing encrypted, the ID number only masked. */
export interface TeacherProfile {
  teacherId: string;
  name: string | null;
  idType: string | null;
  idNumberMasked: string | null;
  gender: string | null;
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  status: string | null;
  updatedAtMs: number;
  /** Problem codes of a quarantined record; empty when valid. */
  problems: string[];
  valid: boolean;
  gone: boolean;
  linkExternalId: string | null;
}

/** What is stored of a record, as a pull compares a newly listed one with it. */
export interface StoredState {
  seq: number;
  contentMac: string;
  groupKey: string;
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  gone: boolean;
}

/** Teachers as last pulled, normalised, personal data sealed. */
export interface TeacherStore {
  /**
   * What is stored of these records: their number, their content hash, and what a
   * change to them would touch (the person they belong to, the school they entered, whether gone).
   */
  storedState(teacherIds: readonly string[]): Promise<Map<string, StoredState>>;
  /** The highest record number stored (0 when none is). */
  lastSeq(): Promise<number>;
  upsert(records: readonly StoredTeacher[]): Promise<void>;
  /** Records a full pull had found gone, listed again unchanged: they are back. */
  markSeen(teacherIds: readonly string[], runId: number): Promise<void>;
  /**
   * The people (group keys) of the records among these numbers that are not gone, at most
   * `limit` + 1 of them: given the numbers a complete full pull did not list, those it found gone.
   */
  unseenGroupKeys(unlisted: Iterable<readonly number[]>, limit: number): Promise<string[]>;
  /** The people (group keys) these records belong to now. */
  groupKeysOf(teacherIds: readonly string[]): Promise<string[]>;
  /** After a complete full pull, given the numbers it did not list: those records are gone. Returns how many. */
  markUnseenGone(unlisted: Iterable<readonly number[]>): Promise<number>;
  /** The next chunk of records in teacherId order, as planning reads them. */
  planChunk(afterTeacherId: string | null, limit: number): Promise<PlanRecord[]>;
  /** Identities carried by more than one record. */
  duplicateGroupKeys(): Promise<Set<string>>;
  /** Every record of the given people, in teacherId order, as planning reads them. */
  groups(groupKeys: readonly string[]): Promise<PlanRecord[]>;
  /** Which of these people (group keys) any record still carries. */
  presentGroupKeys(groupKeys: readonly string[]): Promise<Set<string>>;
  /** Which of these identities some usable (valid, listed) record carries. */
  identitiesInUse(identityMacs: readonly string[]): Promise<Set<string>>;
  /** Records which account each teacher was pushed as. */
  setLinks(pairs: readonly { teacherId: string; externalId: string }[]): Promise<void>;
  byIds(teacherIds: readonly string[]): Promise<Map<string, StoredTeacher>>;
  profiles(teacherIds: readonly string[]): Promise<Map<string, TeacherProfile>>;
  /** Teachers whose record names this institution code. */
  idsWithCode(institutionCode: string): Promise<string[]>;
  /** Usable active teachers per county, and how many of them the daemon has pushed. */
  activeByCounty(): Promise<{ countyCode: string | null; teachers: number; withAccount: number }[]>;
  /** Records the teacher-training platform still lists. */
  countListed(): Promise<number>;
  count(): Promise<number>;
}
