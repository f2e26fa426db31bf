/**
 * What a plan decides for a chunk of people, from what was read of them: the changes to push, the
 * problems to report, the links to correct, the assignments that went stale and the audit entries
 * that say so. No I/O: the plan phase reads a chunk in bulk, calls `planChunk` and writes the result.
 */
import type { AccountLink } from './account-link.js';
import type { AuditEntry } from './audit-entry.js';
import { isIdentityKey } from './identity.js';
import type { StaleReason } from './manual-assignment.js';
import { decidePerson, staleDetail, type PersonAssignment, type PersonDecision, type PersonDecisionInput, type PersonRecord } from './person-decision.js';
import type { PlanItem } from './plan-item.js';
import { standingBefore, standingToKeep, type KeptStanding, type Standing } from './plan-scope.js';
import type { ProblemRecord } from './run-problem.js';
import type { AccountAction, ProblemCode } from './types.js';

/** A stored record as planning reads it: the person it belongs to and the account it was last pushed as. */
export interface PlanRecord extends PersonRecord {
  /** The person (see personKey): an identity shared by all its records, or the record alone. */
  groupKey: string;
  linkExternalId: string | null;
}

/** The links a chunk of people may follow, by identity and by external id. */
export interface ChunkLinks {
  byIdentity: ReadonlyMap<string, AccountLink>;
  byExternal: ReadonlyMap<string, AccountLink>;
}

/** Problems the plan says of a person: carried for the people a plan of the changed does not walk. */
export const PLAN_PROBLEM_CODES: readonly ProblemCode[] = ['DUPLICATE_PERSON', 'ASSIGNMENT_STALE', 'ACCOUNT_HELD', 'NO_TARGET_SCHOOL'];

/** Links found for a chunk, by identity and by external id. */
export function indexLinks(...lists: readonly (readonly AccountLink[])[]): ChunkLinks {
  const byIdentity = new Map<string, AccountLink>();
  const byExternal = new Map<string, AccountLink>();
  for (const links of lists) {
    for (const l of links) {
      byIdentity.set(l.identityMac, l);
      byExternal.set(l.externalId, l);
    }
  }
  return { byIdentity, byExternal };
}

/** People from their records (in teacher-id order): one group per key, in the order each first appears. */
export function groupRecords<R extends PlanRecord>(records: readonly R[]): R[][] {
  const map = new Map<string, R[]>();
  for (const r of records) {
    const g = map.get(r.groupKey);
    if (g) g.push(r);
    else map.set(r.groupKey, [r]);
  }
  return [...map.values()];
}

/**
 * The external ids a chunk's people name (the account a record was pushed as) or would be created
 * under (the teacher's id), that `known` does not already answer for: to be read by key.
 */
export function externalIdsToRead(groups: readonly (readonly PlanRecord[])[], known: (externalId: string) => boolean): string[] {
  const wanted = new Set<string>();
  for (const g of groups) {
    for (const r of g) {
      if (r.linkExternalId !== null && !known(r.linkExternalId)) wanted.add(r.linkExternalId);
      if (!known(r.teacherId)) wanted.add(r.teacherId);
    }
  }
  return [...wanted];
}

/** A link a person's records name, when its identity has none: the first that exists. */
function namedLink(group: readonly PlanRecord[], links: ChunkLinks): AccountLink | undefined {
  for (const r of group) {
    const candidate = r.linkExternalId === null ? undefined : links.byExternal.get(r.linkExternalId);
    if (candidate) return candidate;
  }
  return undefined;
}

/**
 * The identities whose use decides whether a person may adopt a link found through one of its
 * records: read in bulk before the chunk is decided (see accountOf).
 */
export function identitiesToCheck(groups: readonly (readonly PlanRecord[])[], links: ChunkLinks): string[] {
  const out = new Set<string>();
  for (const group of groups) {
    const key = group[0]!.groupKey;
    if (!isIdentityKey(key) || links.byIdentity.has(key)) continue;
    const candidate = namedLink(group, links);
    if (candidate) out.add(candidate.identityMac);
  }
  return [...out];
}

/**
 * The account a person follows: the one of its identity, else one its records name. A link found
 * through a record but carrying another identity means the ID number was corrected: it is adopted
 * only when no one else now holds that identity (`identityInUse`: some usable record carries it).
 */
export function accountOf(group: readonly PlanRecord[], links: ChunkLinks, identityInUse: (identityMac: string) => boolean): AccountLink | undefined {
  const key = group[0]!.groupKey;
  const isIdentity = isIdentityKey(key);
  const own = isIdentity ? links.byIdentity.get(key) : undefined;
  if (own) return own;
  const candidate = namedLink(group, links);
  if (!candidate) return undefined;
  return !isIdentity || !identityInUse(candidate.identityMac) ? candidate : undefined;
}

/** The rules that are the same for every person of a plan. */
export type PlanRules<A extends PersonAssignment = PersonAssignment> = Omit<PersonDecisionInput<PlanRecord, A>, 'records' | 'isIdentity' | 'link'>;

export interface ChunkPlanInput<A extends PersonAssignment = PersonAssignment> {
  runId: number;
  nowMs: number;
  rules: PlanRules<A>;
  groups: readonly (readonly PlanRecord[])[];
  links: ChunkLinks;
  /** The identities of `identitiesToCheck` that some usable record carries. */
  identitiesInUse: ReadonlySet<string>;
}

/** Everything a chunk of people decides, written together when the chunk is done. */
export interface ChunkPlan {
  items: PlanItem[];
  problems: ProblemRecord[];
  /** Links that must name the record they now follow, or why the account is where it is. */
  relinked: AccountLink[];
  /** Records that now name the account they are pushed as. */
  repointed: { teacherId: string; externalId: string }[];
  staleNow: { teacherId: string; reason: StaleReason }[];
  audit: AuditEntry[];
  /** Identities of accounts a person of another identity follows (a quarantined record, a corrected ID number). */
  borrowed: string[];
  /** Each person's standing, in the order of the input's groups. */
  standings: Standing[];
}

/** Decides every person of a chunk. */
export function planChunk<A extends PersonAssignment>(input: ChunkPlanInput<A>): ChunkPlan {
  const out: ChunkPlan = { items: [], problems: [], relinked: [], repointed: [], staleNow: [], audit: [], borrowed: [], standings: [] };
  // One input object for the chunk, filled in for each person: nothing of it is kept by the decision.
  const person: PersonDecisionInput<PlanRecord, A> = { ...input.rules, records: [], isIdentity: true, link: null };
  const inUse = (identityMac: string) => input.identitiesInUse.has(identityMac);
  for (const group of input.groups) {
    const key = group[0]!.groupKey;
    const link = accountOf(group, input.links, inUse);
    if (link && link.identityMac !== key) out.borrowed.push(link.identityMac);
    person.records = group;
    person.isIdentity = isIdentityKey(key);
    person.link = link ?? null;
    out.standings.push(planPerson(input, key, link, decidePerson(person), out));
  }
  return out;
}

function problemOf(runId: number, r: PlanRecord, code: ProblemCode, detail: string): ProblemRecord {
  return { runId, teacherId: r.teacherId, code, detail, institutionCode: r.institutionCode, countyCode: r.countyCode };
}

/** An assignment that stopped holding in this decision: marked stale, and the audit trail says why. */
function noteStale(input: ChunkPlanInput<PersonAssignment>, d: PersonDecision<PlanRecord>, link: AccountLink | undefined, out: ChunkPlan): void {
  const { assignment, becameStale, winner: w } = d;
  if (!assignment || !becameStale || !w) return;
  out.staleNow.push({ teacherId: assignment.teacherId, reason: becameStale });
  const was = { schoolId: assignment.schoolId, institutionCode: assignment.institutionCode };
  const codeMove = becameStale === 'stale-code-changed' ? ` (${assignment.institutionCode} → ${w.institutionCode ?? 'none'})` : '';
  out.audit.push({
    atMs: input.nowMs, actor: 'teacher-sync', action: 'stale', teacherId: assignment.teacherId, source: 'sync',
    reason: `run ${input.runId}: ${staleDetail(becameStale)}${codeMove}`,
    before: { schoolId: link?.schoolId ?? null, assignment: { ...was, state: 'active' } },
    after: { schoolId: d.placement?.schoolId ?? null, assignment: { ...was, state: 'stale', staleReason: becameStale } },
  });
}

type ItemFields = Pick<PlanItem, 'externalId' | 'teacherId' | 'identityMac' | 'schoolId' | 'desiredStatus' | 'desiredHash' | 'choiceReason'>;

function plan(input: ChunkPlanInput<PersonAssignment>, action: AccountAction, e: ItemFields, out: ChunkPlan): Standing {
  if (action !== 'unchanged') out.items.push({ runId: input.runId, action, state: 'pending', resultStatus: null, resultCode: null, ...e });
  return action;
}

/** What one person's decision plans and says, into `out`; returns the person's standing. */
function planPerson(input: ChunkPlanInput<PersonAssignment>, key: string, link: AccountLink | undefined, d: PersonDecision<PlanRecord>, out: ChunkPlan): Standing {
  for (const p of d.problems) out.problems.push(problemOf(input.runId, p.record, p.code, p.detail));
  noteStale(input, d, link, out);
  const { target, action } = d;
  if (d.standing !== action || target === null || action === null) return d.standing;
  if (d.path === 'gone') {
    const l = link!;
    return plan(input, action, {
      externalId: l.externalId, teacherId: l.teacherId, identityMac: l.identityMac, schoolId: target.schoolId,
      desiredStatus: 'disabled', desiredHash: target.hash, choiceReason: target.reason,
    }, out);
  }
  const w = d.winner;
  if (!w) return d.standing;
  let externalId = link?.externalId ?? w.teacherId;
  // Taken by another person's account: the teacher's id with a mark of the identity, within the
  // platform's 64 characters and its alphabet.
  if (!link && input.links.byExternal.has(externalId)) externalId = `${w.teacherId.slice(0, 55)}.${key.slice(0, 8)}`;
  // Nothing to push, but the link must still name the record it now follows and why it is where it is.
  if (action === 'unchanged' && link && (link.teacherId !== w.teacherId || link.choiceReason !== target.reason)) {
    out.relinked.push({ ...link, teacherId: w.teacherId, choiceReason: target.reason });
    if (link.teacherId !== w.teacherId) out.repointed.push({ teacherId: w.teacherId, externalId: link.externalId });
  }
  return plan(input, action, {
    externalId, teacherId: w.teacherId, identityMac: key, schoolId: target.schoolId,
    desiredStatus: target.status, desiredHash: target.hash, choiceReason: target.reason,
  }, out);
}

/** The counts a plan keeps: changes by action, and the people left as they are or held back. */
export interface StandingCounts {
  create: number;
  update: number;
  move: number;
  disable: number;
  unchanged: number;
  held: number;
}

/**
 * What a plan of everyone keeps of a chunk's people for the next plan (see standingToKeep), and
 * adds their standings to `counts`.
 */
export function keepStandings(groups: readonly (readonly PlanRecord[])[], standings: readonly Standing[], links: ChunkLinks, counts: StandingCounts): Map<string, KeptStanding> {
  const kept = new Map<string, KeptStanding>();
  groups.forEach((group, i) => {
    const standing = standings[i]!;
    if (standing !== 'none') counts[standing]++;
    const key = group[0]!.groupKey;
    const keep = standingToKeep(standing, links.byIdentity.has(key));
    if (keep !== null) kept.set(key, keep);
  });
  return kept;
}

/**
 * A plan of the changed: moves the counts the last plan left (`counts`, its unchanged and held
 * among them) by the standing each re-planned person had (`before`) and has now (`now`; absent:
 * no record of them is left). Returns what is kept of these people for the next plan.
 */
export function restandChanged(
  keys: readonly string[], before: ReadonlyMap<string, KeptStanding>, now: ReadonlyMap<string, Standing>, links: ChunkLinks, counts: StandingCounts,
): Map<string, KeptStanding> {
  const kept = new Map<string, KeptStanding>();
  for (const key of keys) {
    const hasAccount = links.byIdentity.has(key);
    const was = standingBefore(before.get(key), hasAccount);
    const is = now.get(key) ?? 'none';
    if (was === 'unchanged') counts.unchanged--;
    if (was === 'held') counts.held--;
    if (is !== 'none') counts[is]++;
    const keep = standingToKeep(is, hasAccount);
    if (keep !== null) kept.set(key, keep);
  }
  return kept;
}

/**
 * An account followed by a person of another identity, whose own identity no record carries any
 * more, stands for no one: it is kept as such, or the next plan of the changed would count it
 * unchanged. These are the identities to look for (those this plan does not decide on their own).
 */
export function borrowedToCheck(borrowed: readonly string[], decided: (key: string) => boolean): string[] {
  return [...new Set(borrowed)].filter((k) => !decided(k));
}
