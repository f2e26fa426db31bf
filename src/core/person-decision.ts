import { diffAccount } from './account-diff.js';
import type { AccountLink } from './account-link.js';
import type { CampusRule } from './campus-choice.js';
import { pickWinner } from './identity.js';
import type { ManualAssignment, StaleReason } from './manual-assignment.js';
import type { Standing } from './plan-scope.js';
import { placeTeacher, type Placement } from './school-placement.js';
import type { AccountAction, ProblemCode, TargetSchool } from './types.js';

/** One stored record of a person, as planning reads it. */
export interface PersonRecord {
  teacherId: string;
  /** True when the record passed validation (it is not quarantined). */
  valid: boolean;
  /** True when a full pull no longer found it. */
  gone: boolean;
  status: string | null;
  updatedAtMs: number;
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  idNumberMasked: string | null;
  /** Keyed MAC of what the account would carry from this record. */
  payloadMac: string | null;
}

/** The account a person follows, as last pushed. */
export type PersonLink = Pick<AccountLink, 'externalId' | 'teacherId' | 'schoolId' | 'status' | 'pushedHash' | 'choiceReason'>;

/** A manual assignment as planning reads it: with why it went stale, when it did. */
export type PersonAssignment = ManualAssignment & { staleReason: StaleReason | null };

export interface PersonDecisionInput<R extends PersonRecord, A extends PersonAssignment = PersonAssignment> {
  /** Every record of the person (one identity), or a quarantined record alone. */
  records: readonly R[];
  /** False for a record without a usable identity (its group is itself). */
  isIdentity: boolean;
  link: PersonLink | null;
  schoolsForCode: (institutionCode: string) => readonly TargetSchool[];
  schoolById: (schoolId: string) => TargetSchool | undefined;
  assignmentFor: (teacherId: string) => A | undefined;
  rule: CampusRule;
  /** Whether the county of the school (else the county the record gave) has gone live. */
  isLive: (schoolId: string, givenCounty: string | null) => boolean;
  /** Whether the plan covers the school's county; absent: every county. */
  inScope?: (schoolId: string, givenCounty: string | null) => boolean;
  /** What the account should hold, as one keyed hash. */
  hashOf: (payloadMac: string | null, schoolId: string, status: 'active' | 'disabled') => string;
}

/** Which way the decision went. */
export type DecisionPath =
  | 'quarantined-no-account' // no usable record and no account: nothing to do
  | 'gone' // every record gone from the platform: the account is disabled
  | 'quarantined-held' // no usable record: the account is kept exactly as it is
  | 'inactive-no-account' // left or retired before an account was made
  | 'no-target-school' // no school carries the code: held
  | 'placed'; // a school was found and compared with the account

export interface PersonProblem<R> {
  record: R;
  code: Extract<ProblemCode, 'DUPLICATE_PERSON' | 'ASSIGNMENT_STALE' | 'ACCOUNT_HELD' | 'NO_TARGET_SCHOOL'>;
  detail: string;
}

export interface PersonDecision<R extends PersonRecord, A extends PersonAssignment = PersonAssignment> {
  standing: Standing;
  path: DecisionPath;
  winner: R | null;
  duplicates: R[];
  assignment: A | null;
  placement: Placement | null;
  /** Set when an active assignment stopped holding in this decision. */
  becameStale: StaleReason | null;
  /** Why the assignment no longer holds (stale before, or now); null when it holds or there is none. */
  staleReason: StaleReason | null;
  /** What the platform should hold, when anything is decided for it. */
  target: { schoolId: string; status: 'active' | 'disabled'; hash: string; reason: string | null } | null;
  /** Target against what was last pushed, before the rollout and the plan's scope are applied. */
  action: AccountAction | null;
  /** A change kept back because the county has not gone live. */
  heldByRollout: boolean;
  /** The plan covers one county and this person is at another. */
  outOfScope: boolean;
  problems: PersonProblem<R>[];
}

export function staleDetail(reason: StaleReason | null): string {
  switch (reason) {
    case 'stale-code-changed':
      return "the teacher's institution code changed";
    case 'stale-school-gone':
      return 'the assigned school is no longer active on the student-record platform';
    case null:
      return 'marked stale earlier';
  }
}

/** The assignment of a person: its winning record's first, else one made for another of its records. */
function assignmentOf<A>(records: readonly PersonRecord[], winnerId: string, assignmentFor: (teacherId: string) => A | undefined): A | null {
  const own = assignmentFor(winnerId);
  if (own) return own;
  for (const r of records) {
    const other = assignmentFor(r.teacherId);
    if (other) return other;
  }
  return null;
}

function blank<R extends PersonRecord, A extends PersonAssignment>(path: DecisionPath, standing: Standing): PersonDecision<R, A> {
  return {
    standing, path, winner: null, duplicates: [], assignment: null, placement: null, becameStale: null, staleReason: null,
    target: null, action: null, heldByRollout: false, outOfScope: false, problems: [],
  };
}

/** The records that are usable (valid, still listed): most people have one record, read without a copy. */
function usableOf<R extends PersonRecord>(records: readonly R[]): readonly R[] {
  if (records.length !== 1) return records.filter((r) => r.valid && !r.gone);
  const only = records[0]!;
  return only.valid && !only.gone ? records : [];
}

/** Which usable record feeds the account (see pickWinner); a person of one record needs no sorting. */
function winnerOf<R extends PersonRecord>(usable: readonly R[]): { winner: R; duplicates: R[] } {
  if (usable.length === 1) return { winner: usable[0]!, duplicates: [] };
  const { winner, duplicates } = pickWinner(usable.map((r) => ({ teacherId: r.teacherId, updatedAtMs: r.updatedAtMs, row: r })));
  return { winner: winner.row, duplicates: duplicates.map((x) => x.row) };
}

/** A person none of whose records is usable: gone from the platform, or quarantined. */
function decideUnusable<R extends PersonRecord, A extends PersonAssignment>(input: PersonDecisionInput<R, A>): PersonDecision<R, A> {
  const { records, link } = input;
  if (!link) return blank('quarantined-no-account', 'none');
  if (records.every((r) => r.gone) && input.isIdentity) {
    const last = records.reduce((a, b) => (b.updatedAtMs > a.updatedAtMs ? b : a));
    const d = blank<R, A>('gone', 'unchanged');
    d.target = { schoolId: link.schoolId, status: 'disabled', hash: input.hashOf(last.payloadMac, link.schoolId, 'disabled'), reason: link.choiceReason };
    d.action = link.status === 'active' ? 'disable' : 'unchanged';
    d.standing = d.action;
    if (input.inScope && !input.inScope(link.schoolId, last.countyCode)) return { ...d, outOfScope: true, standing: 'none' };
    if (d.action === 'disable' && !input.isLive(link.schoolId, last.countyCode)) return { ...d, heldByRollout: true, standing: 'held' };
    return d;
  }
  const d = blank<R, A>('quarantined-held', 'held');
  d.problems.push({ record: records[0]!, code: 'ACCOUNT_HELD', detail: `account ${link.externalId} kept unchanged while the record is quarantined` });
  return d;
}

/**
 * Decides one person: which record feeds the account, where it belongs, and what differs from what
 * was last pushed. Planning runs it for every person it walks; an explanation of one teacher runs it
 * again over the same stored data, so both say the same.
 */
export function decidePerson<R extends PersonRecord, A extends PersonAssignment = PersonAssignment>(input: PersonDecisionInput<R, A>): PersonDecision<R, A> {
  const { link } = input;
  const usable = usableOf(input.records);
  if (usable.length === 0) return decideUnusable(input);

  const { winner: w, duplicates } = winnerOf(usable);
  const d = blank<R, A>('placed', 'unchanged');
  d.winner = w;
  d.duplicates = duplicates;
  for (const x of d.duplicates) {
    d.problems.push({ record: x, code: 'DUPLICATE_PERSON', detail: `same person as teacher ${w.teacherId} (${w.idNumberMasked ?? ''}); ${w.teacherId} was updated later and is used` });
  }
  const status = w.status === 'active' ? 'active' : 'disabled';
  if (!link && status === 'disabled') return { ...d, path: 'inactive-no-account' };
  const assignment = assignmentOf(input.records, w.teacherId, input.assignmentFor);
  const code = w.institutionCode ?? '';
  const { placement, becameStale } = placeTeacher({
    institutionCode: code, enteredName: w.institutionName, schools: input.schoolsForCode(code), rule: input.rule,
    assignment, assignedSchool: assignment ? input.schoolById(assignment.schoolId) : undefined, current: link ? { schoolId: link.schoolId } : null,
  });
  d.assignment = assignment;
  d.placement = placement;
  d.becameStale = becameStale;
  d.staleReason = assignment?.state === 'stale' ? assignment.staleReason : becameStale;
  if (assignment && (assignment.state === 'stale' || becameStale)) {
    d.problems.push({
      record: w, code: 'ASSIGNMENT_STALE',
      detail: `manual assignment of ${assignment.teacherId} to ${assignment.schoolId} no longer holds (${staleDetail(d.staleReason)}); ${link ? 'the account stays where it is' : 'the rules place the new account'} until the assignment is replaced or undone`,
    });
  }
  let schoolId: string;
  let reason: string | null;
  if (placement) {
    schoolId = placement.schoolId;
    reason = placement.reason;
  } else if (link && status === 'disabled') {
    schoolId = link.schoolId;
    reason = link.choiceReason;
  } else {
    d.problems.push({ record: w, code: 'NO_TARGET_SCHOOL', detail: `no active student-record school carries institution code ${code}` });
    return { ...d, path: 'no-target-school', standing: 'held' };
  }
  d.target = { schoolId, status, hash: input.hashOf(w.payloadMac, schoolId, status), reason };
  const linkState = link ? { externalId: link.externalId, schoolId: link.schoolId, status: link.status === 'active' ? 'active' as const : 'disabled' as const, pushedHash: link.pushedHash } : null;
  d.action = diffAccount({ schoolId, status }, d.target.hash, linkState);
  d.standing = d.action;
  if (input.inScope && !input.inScope(schoolId, w.countyCode)) return { ...d, outOfScope: true, standing: 'none' };
  if (d.action !== 'unchanged' && !input.isLive(schoolId, w.countyCode)) return { ...d, heldByRollout: true, standing: 'held' };
  return d;
}
