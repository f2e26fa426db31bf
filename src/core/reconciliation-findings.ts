/**
 * What reconciliation makes of the accounts the student-record platform lists, a page at a time:
 * the entries it reports, the problems it records, the campus moves it adopts, the links it
 * corrects. No I/O: the reconcile phase reads a page and what it needs in bulk, calls these, and
 * writes the result.
 */
import type { AccountLink } from './account-link.js';
import { adoptedAssignmentCode, platformStatus, reconcileLinked, reconcileUnknown, type ReconcileCounts, type SchoolFacts } from './account-reconciliation.js';
import type { AssignmentRecord } from './assignment-record.js';
import type { AuditEntry } from './audit-entry.js';
import { checkIdNumber, cleanIdNumber, maskIdNumber } from './id-number.js';
import { identityKey } from './identity.js';
import type { ProblemRecord } from './run-problem.js';
import { ID_TYPES, type IdType } from './types.js';

/** Who a campus move found on the platform is recorded as. */
export const PLATFORM_ACTOR = 'student-record platform';

/** One account as the platform lists it now; `externalId` is null for one a person made by hand. */
export interface ListedAccount {
  externalId: string | null;
  accountId: string;
  username: string | null;
  idType: string | null;
  idNumber: string | null;
  schoolId: string | null;
  status: string | null;
  name: string | null;
}

export type ReconcileKind = 'drifted' | 'adopted' | 'missing' | 'matched' | 'orphan';

/** One account that is not in step, as `teacher-sync reconcile` lists it. Never a raw ID number. */
export interface ReconcileEntry {
  kind: ReconcileKind;
  accountId: string | null;
  externalId: string | null;
  username: string | null;
  teacherId: string | null;
  name: string | null;
  idNumberMasked: string | null;
  /** Where the platform has it now, and where the daemon last put it. */
  schoolId: string | null;
  pushedSchoolId: string | null;
  status: string | null;
  pushedStatus: string | null;
  countyCode: string | null;
  /** What is done about it. */
  action: string;
}

/**
 * The identity of a listed account, as the teachers' are made (before keying): its number checked
 * and normalised when it passes its type's check, else only cleaned. Null without a usable type or number.
 */
export function accountIdentity(idType: string | null, idNumber: string | null): string | null {
  if (!idType || !(ID_TYPES as readonly string[]).includes(idType) || !idNumber) return null;
  const type = idType as IdType;
  const checked = checkIdNumber(type, idNumber);
  const number = checked.ok ? checked.value : cleanIdNumber(idNumber);
  return number === null ? null : identityKey(type, number);
}

/** What an entry shows of an account as the platform lists it: the ID number only masked. */
export function seenOnPlatform(a: ListedAccount): Pick<ReconcileEntry, 'accountId' | 'externalId' | 'username' | 'name' | 'idNumberMasked' | 'schoolId' | 'status'> {
  return {
    accountId: a.accountId, externalId: a.externalId, username: a.username, name: a.name,
    idNumberMasked: a.idNumber ? maskIdNumber(cleanIdNumber(a.idNumber)) : null, schoolId: a.schoolId, status: a.status,
  };
}

/** A campus move made on the platform, to be recorded as a manual assignment. */
export interface AdoptedMove {
  account: ListedAccount;
  link: AccountLink;
  sharedCode: string;
}

export interface LinkedPage {
  runId: number;
  repair: boolean;
  /** Linked accounts of the page (in the plan's county, if any), each with its link. */
  linked: readonly { account: ListedAccount; link: AccountLink }[];
  schoolOf: (schoolId: string) => (SchoolFacts & { countyCode: string | null }) | undefined;
}

export interface LinkedFindings {
  inStep: number;
  adopted: AdoptedMove[];
  drifted: number;
  /** Links that now say what the platform holds, so the plan pushes what the source says (on repair). */
  repair: AccountLink[];
  entries: ReconcileEntry[];
  problems: ProblemRecord[];
}

const countyOfSchool = (page: LinkedPage, schoolId: string | null) => (schoolId === null ? null : (page.schoolOf(schoolId)?.countyCode ?? null));

/** A difference from the last push other than an adopted move: reported, and set to be pushed back on repair. */
function noteDrift(page: LinkedPage, a: ListedAccount, link: AccountLink, schoolDrift: boolean, statusDrift: boolean, out: LinkedFindings): void {
  const pushedStatus = link.status === 'active' ? 'active' : 'disabled';
  out.drifted++;
  const what = [
    schoolDrift ? `school ${a.schoolId ?? 'none'} on the platform, ${link.schoolId} pushed` : null,
    statusDrift ? `status ${a.status ?? 'none'} on the platform, ${pushedStatus} pushed` : null,
  ].filter((s) => s !== null).join('; ');
  if (page.repair) {
    const actual = platformStatus(a.status);
    out.repair.push({ ...link, pushedHash: '', schoolId: a.schoolId ?? link.schoolId, status: actual === 'active' ? 'active' : 'disabled' });
  }
  out.entries.push({
    ...seenOnPlatform(a), teacherId: link.teacherId, pushedSchoolId: link.schoolId, pushedStatus, kind: 'drifted', countyCode: countyOfSchool(page, a.schoolId ?? link.schoolId),
    action: page.repair ? 'pushed back to what the source says' : 'reported; `teacher-sync reconcile --repair` pushes it back',
  });
  out.problems.push({
    runId: page.runId, teacherId: link.teacherId, code: 'ACCOUNT_DRIFTED', countyCode: countyOfSchool(page, a.schoolId ?? link.schoolId),
    institutionCode: page.schoolOf(link.schoolId)?.institutionCode ?? null,
    detail: `account ${a.accountId} differs from the last push (${what})${page.repair ? '; pushed back' : ''}`,
  });
}

/** Sets each linked account of a page against what was last pushed under its external id. */
export function reconcileLinkedPage(page: LinkedPage): LinkedFindings {
  const out: LinkedFindings = { inStep: 0, adopted: [], drifted: 0, repair: [], entries: [], problems: [] };
  for (const { account: a, link } of page.linked) {
    const pushedStatus = link.status === 'active' ? 'active' : 'disabled';
    const verdict = reconcileLinked(a, { schoolId: link.schoolId, status: pushedStatus }, page.schoolOf);
    if (verdict.kind !== 'drifted') {
      out.inStep++;
      continue;
    }
    if (verdict.schoolMove === 'adopt' && verdict.sharedCode !== null) {
      out.adopted.push({ account: a, link, sharedCode: verdict.sharedCode });
      out.entries.push({
        ...seenOnPlatform(a), teacherId: link.teacherId, pushedSchoolId: link.schoolId, pushedStatus, kind: 'adopted', countyCode: countyOfSchool(page, a.schoolId ?? link.schoolId),
        action: 'campus move made on the platform: kept, recorded as a manual assignment',
      });
      out.problems.push({
        runId: page.runId, teacherId: link.teacherId, code: 'ACCOUNT_MOVE_ADOPTED', countyCode: countyOfSchool(page, a.schoolId), institutionCode: verdict.sharedCode,
        detail: `account ${a.accountId} was moved on the student-record platform from school ${link.schoolId} to ${a.schoolId ?? '?'}; the move is kept`,
      });
    }
    const schoolDrift = verdict.schoolMove === 'drift';
    if (schoolDrift || verdict.statusDrift) noteDrift(page, a, link, schoolDrift, verdict.statusDrift, out);
  }
  return out;
}

export interface MovesInput {
  runId: number;
  nowMs: number;
  moves: readonly AdoptedMove[];
  /** The stored records the links follow: their code, and what their account would carry. */
  teacherOf: (teacherId: string) => { institutionCode: string | null; payloadMac: string | null } | undefined;
  assignmentOf: (teacherId: string) => AssignmentRecord | undefined;
  hashOf: (payloadMac: string | null, schoolId: string, status: 'active' | 'disabled') => string;
}

/** A person moved the account between campuses of one code: that is their decision, recorded as theirs. */
export function adoptMoves(input: MovesInput): { assignments: AssignmentRecord[]; audit: AuditEntry[]; links: AccountLink[] } {
  const out = { assignments: [] as AssignmentRecord[], audit: [] as AuditEntry[], links: [] as AccountLink[] };
  for (const { account, link, sharedCode } of input.moves) {
    const schoolId = account.schoolId ?? link.schoolId;
    const teacher = input.teacherOf(link.teacherId);
    const was = input.assignmentOf(link.teacherId);
    const record: AssignmentRecord = {
      teacherId: link.teacherId, schoolId, institutionCode: adoptedAssignmentCode(teacher?.institutionCode ?? null, sharedCode), state: 'active',
      reason: `moved on the student-record platform (account ${account.accountId}), found by run ${input.runId}`,
      assignedBy: PLATFORM_ACTOR, createdAtMs: input.nowMs, staleReason: null, staleAtMs: null,
    };
    out.assignments.push(record);
    out.audit.push({
      atMs: input.nowMs, actor: PLATFORM_ACTOR, action: 'assign', teacherId: link.teacherId, source: 'platform', reason: record.reason,
      before: { schoolId: link.schoolId, assignment: was ? { schoolId: was.schoolId, institutionCode: was.institutionCode, state: was.state, staleReason: was.staleReason } : null },
      after: { schoolId, assignment: { schoolId, institutionCode: record.institutionCode, state: 'active' } },
    });
    // What was pushed is still what the platform holds, but for the school: say so, so nothing is pushed for it.
    const status = link.status === 'active' ? 'active' : 'disabled';
    const unchangedSincePush = teacher !== undefined && link.pushedHash === input.hashOf(teacher.payloadMac, link.schoolId, status);
    out.links.push({
      ...link, schoolId, choiceReason: 'manual',
      pushedHash: unchangedSincePush ? input.hashOf(teacher.payloadMac, schoolId, status) : link.pushedHash,
    });
  }
  return out;
}

export interface UnknownInput {
  runId: number;
  nowMs: number;
  /** Accounts with no link, with their keyed identity (null: none usable). */
  unknown: readonly { account: ListedAccount; identity: string | null }[];
  /** The record the plan will push for an identity (the winner of its usable records). */
  teacherOf: (identity: string) => { teacherId: string } | undefined;
  /** Identities some link already carries. */
  linkedIdentities: ReadonlySet<string>;
  schoolOf: (schoolId: string) => { institutionCode: string; countyCode: string | null } | undefined;
}

export interface UnknownFindings {
  matched: number;
  orphans: number;
  /** People linked here or to be bound by the push: planned again. */
  changed: string[];
  /** Links to accounts under an external id the daemon did not know. */
  links: AccountLink[];
  entries: Omit<ReconcileEntry, 'countyCode'>[];
  problems: ProblemRecord[];
}

function linkToForeign(input: UnknownInput, a: ListedAccount, teacherId: string, identity: string): AccountLink {
  return {
    externalId: a.externalId!, teacherId, identityMac: identity, accountId: a.accountId, username: a.username, schoolId: a.schoolId ?? '',
    status: platformStatus(a.status) ?? 'disabled', pushedHash: '', choiceReason: null, pushedRunId: input.runId, pushedAtMs: input.nowMs,
  };
}

/**
 * Accounts with no link. One whose identity is a teacher's is linked to that teacher: under its
 * own external id when it has one, else by the push binding the teacher's external id to it (the
 * platform's `accountId`, or its 409 answer naming the account). Anything else is left alone.
 */
export function settleUnknown(input: UnknownInput): UnknownFindings {
  const out: UnknownFindings = { matched: 0, orphans: 0, changed: [], links: [], entries: [], problems: [] };
  for (const { account: a, identity } of input.unknown) {
    const teacher = identity === null ? undefined : input.teacherOf(identity);
    const base = { ...seenOnPlatform(a), pushedSchoolId: null, pushedStatus: null };
    const school = a.schoolId === null ? undefined : input.schoolOf(a.schoolId);
    const place = { institutionCode: school?.institutionCode ?? null, countyCode: school?.countyCode ?? null };
    if (reconcileUnknown(teacher !== undefined).kind === 'unknown-matched' && teacher && identity !== null) {
      out.matched++;
      out.changed.push(identity);
      out.entries.push({ ...base, kind: 'matched', teacherId: teacher.teacherId, action: 'same person as a teacher: linked to that teacher at the push, never duplicated' });
      // Under the teacher's own id (the daemon's naming: a push whose answer was lost, a restored
      // database) the plan's push binds it as it is, and so it does one made by hand. Under another
      // external id (another tool): follow that id rather than create a second account.
      if (a.externalId === null || a.externalId === teacher.teacherId || input.linkedIdentities.has(identity)) continue;
      out.links.push(linkToForeign(input, a, teacher.teacherId, identity));
      out.problems.push({
        runId: input.runId, teacherId: teacher.teacherId, code: 'ACCOUNT_LINKED', ...place,
        detail: `account ${a.accountId} (external id ${a.externalId}) on the student-record platform is this teacher's; it is used, not duplicated`,
      });
      continue;
    }
    out.orphans++;
    out.entries.push({ ...base, kind: 'orphan', teacherId: null, action: 'matches no teacher: reported, left as it is' });
    out.problems.push({
      runId: input.runId, teacherId: null, code: 'ACCOUNT_ORPHAN', ...place,
      detail: `account ${a.accountId} (user ${a.username ?? '?'}, ${a.name ?? 'no name'}, ${base.idNumberMasked ?? 'no ID'}) at school ${a.schoolId ?? '?'} matches no teacher; left as it is`,
    });
  }
  return out;
}

/** Active linked accounts the platform no longer lists: reported, and pushed again. */
export function missingAccounts(runId: number, links: readonly AccountLink[], countyOf: (schoolId: string) => string | null): { entries: ReconcileEntry[]; problems: ProblemRecord[] } {
  const out = { entries: [] as ReconcileEntry[], problems: [] as ProblemRecord[] };
  for (const l of links) {
    out.entries.push({
      kind: 'missing', accountId: l.accountId, externalId: l.externalId, username: l.username, teacherId: l.teacherId, name: null, idNumberMasked: null,
      schoolId: null, pushedSchoolId: l.schoolId, status: null, pushedStatus: l.status, countyCode: countyOf(l.schoolId), action: 'pushed again',
    });
    out.problems.push({
      runId, teacherId: l.teacherId, code: 'ACCOUNT_MISSING', institutionCode: null, countyCode: countyOf(l.schoolId),
      detail: `account ${l.accountId ?? '?'} (external id ${l.externalId}) is no longer on the student-record platform; it is pushed again`,
    });
  }
  return out;
}

/** Adds what a page found to the reconciliation's counts. */
export function countPage(counts: ReconcileCounts, linked: LinkedFindings, unknown: UnknownFindings, repair: boolean): void {
  counts.inStep += linked.inStep;
  counts.adopted += linked.adopted.length;
  counts.drifted += linked.drifted;
  if (repair) counts.repairing += linked.drifted;
  counts.matched += unknown.matched;
  counts.orphans += unknown.orphans;
}
