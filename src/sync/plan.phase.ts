import type { StaleReason } from '../core/manual-assignment.js';
import { decidePerson, staleDetail, type PersonLink, type PersonRecord } from '../core/person-decision.js';
import { standingBefore, standingToKeep, type KeptStanding, type Standing } from '../core/plan-scope.js';
import type { AccountAction, ProblemCode, TargetSchool } from '../core/types.js';
import type { AccountLinkRow } from '../db/repositories/account-link.repository.js';
import type { AuditEntry } from '../db/repositories/audit-log.repository.js';
import type { PlanItemRow } from '../db/repositories/plan-item.repository.js';
import type { ProblemRecord } from '../db/repositories/sync-problem.repository.js';
import type { PlanTeacherRow as TeacherRow } from '../db/repositories/teacher.repository.js';
import { desiredHash } from './desired-hash.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import { rolloutPlanOf } from './rollout.js';

const CHUNK = 2000;
/** People per step of a plan of the changed: one IN list per look-up. */
const CHANGED_CHUNK = 500;

export interface PlanCounts {
  create: number;
  update: number;
  move: number;
  disable: number;
  unchanged: number;
  held: number;
  /** People (groups of records) the plan decided on: everyone, or those that changed. */
  walked: number;
}

export interface ChunkLinks {
  byIdentity: Map<string, AccountLinkRow>;
  byExternal: Map<string, AccountLinkRow>;
  /** External ids known to be free or taken: the range read answers for every id inside it. */
  isTaken(externalId: string): boolean;
}

/**
 * The links a chunk of groups needs, by primary key only. A link's external id is normally its
 * teacher's id, so one range read finds nearly all; a teacher row also names the account it was
 * pushed as, so the rest (a duplicate's link, a suffixed id) are read by key.
 */
async function linksForChunk(repos: PhaseContext['repos'], groups: readonly TeacherRow[][], after: string | null, upTo: string): Promise<ChunkLinks> {
  const ranged = await repos.links.externalRange(after, upTo);
  const inRange = (id: string) => (after === null || id > after) && id <= upTo;
  const wanted = new Set<string>();
  for (const g of groups) {
    for (const r of g) {
      if (r.link_external_id !== null && !inRange(r.link_external_id)) wanted.add(r.link_external_id);
      if (!inRange(r.teacher_id)) wanted.add(r.teacher_id);
    }
  }
  return indexLinks(ranged, await repos.links.byExternalIds([...wanted]));
}

/** Links found for a chunk, by identity and by external id. */
function indexLinks(...lists: readonly (readonly AccountLinkRow[])[]): ChunkLinks {
  const byIdentity = new Map<string, AccountLinkRow>();
  const byExternal = new Map<string, AccountLinkRow>();
  for (const links of lists) {
    for (const l of links) {
      byIdentity.set(l.identity_mac, l);
      byExternal.set(l.external_id, l);
    }
  }
  return { byIdentity, byExternal, isTaken: (id) => byExternal.has(id) };
}

/** A chunk's people by group key, from their records (in teacher-id order). */
function byGroup(rows: readonly TeacherRow[]): TeacherRow[][] {
  const map = new Map<string, TeacherRow[]>();
  for (const r of rows) {
    const g = map.get(r.group_key);
    if (g) g.push(r);
    else map.set(r.group_key, [r]);
  }
  return [...map.values()];
}

/**
 * Turns a chunk of records into people. Most records are a person alone; a record whose identity
 * is shared is read with the rest of its group the first time one of them comes up.
 */
async function groupsOf(repos: PhaseContext['repos'], rows: readonly TeacherRow[], duplicates: Set<string>, done: Set<string>): Promise<TeacherRow[][]> {
  const groups: TeacherRow[][] = [];
  const shared: string[] = [];
  for (const r of rows) {
    if (!duplicates.has(r.group_key)) groups.push([r]);
    else if (!done.has(r.group_key)) {
      done.add(r.group_key);
      shared.push(r.group_key);
    }
  }
  groups.push(...byGroup(await repos.teachers.groups(shared)));
  return groups;
}

/**
 * The account a person follows: the one of its identity, else one its records name. A link found
 * through a record but carrying another identity means the ID number was corrected: it is adopted
 * only when no one else now holds that identity.
 */
export async function accountOf(repos: PhaseContext['repos'], group: readonly TeacherRow[], links: ChunkLinks): Promise<AccountLinkRow | undefined> {
  const key = group[0]!.group_key;
  const isIdentity = !key.startsWith('q:');
  const own = isIdentity ? links.byIdentity.get(key) : undefined;
  if (own) return own;
  for (const r of group) {
    const candidate = r.link_external_id === null ? undefined : links.byExternal.get(r.link_external_id);
    if (!candidate) continue;
    return !isIdentity || !(await repos.teachers.identityInUse(candidate.identity_mac)) ? candidate : undefined;
  }
  return undefined;
}

/** A stored record as the person's decision reads it, and the row it came from. */
type DecidedRecord = PersonRecord & { row: TeacherRow };

function personRecord(r: TeacherRow): DecidedRecord {
  return {
    teacherId: r.teacher_id, valid: r.valid === 1, gone: r.gone === 1, status: r.status, updatedAtMs: Number(r.updated_at_ms),
    institutionCode: r.institution_code, institutionName: r.institution_name, countyCode: r.county_code, idNumberMasked: r.id_number_masked,
    payloadMac: r.payload_mac, row: r,
  };
}

export function personLink(l: AccountLinkRow): PersonLink {
  return { externalId: l.external_id, teacherId: l.teacher_id, schoolId: l.school_id, status: l.status, pushedHash: l.pushed_hash, choiceReason: l.choice_reason };
}

/** Problems the plan says of a person: carried for the people a plan of the changed does not walk. */
export const PLAN_PROBLEM_CODES: readonly ProblemCode[] = ['DUPLICATE_PERSON', 'ASSIGNMENT_STALE', 'ACCOUNT_HELD', 'NO_TARGET_SCHOOL'];

export interface PlanOptions {
  /** Plan only teachers of this county (a reconciliation of one county); others are left out. */
  countyCode?: string;
  /**
   * Re-plan only these people (group keys); everyone else stands as the plan of `previousRunId`
   * left them, which `previous` counted (after its push, all of which succeeded).
   */
  changedOnly?: { groupKeys: readonly string[]; previousRunId: number; previous: { unchanged: number; held: number } };
}

/** Everything a chunk of people decides, written together when the chunk is done. */
interface ChunkOut {
  items: PlanItemRow[];
  problems: ProblemRecord[];
  relinked: AccountLinkRow[];
  repointed: { teacherId: string; externalId: string }[];
  staleNow: { teacherId: string; reason: StaleReason }[];
  audit: AuditEntry[];
  /** Identities of accounts a person of another identity follows (a quarantined record, a corrected ID number). */
  borrowed: string[];
}

const emptyOut = (): ChunkOut => ({ items: [], problems: [], relinked: [], repointed: [], staleNow: [], audit: [], borrowed: [] });

/**
 * An account followed by a person of another identity, whose own identity no record carries any
 * more, stands for no one: kept as such, or the next plan of the changed would count it unchanged.
 * Identities in `skip` are decided on their own.
 */
async function keepBorrowed(repos: PhaseContext['repos'], borrowed: readonly string[], skip: (key: string) => boolean, kept: Map<string, KeptStanding>): Promise<void> {
  const candidates = [...new Set(borrowed)].filter((k) => !skip(k));
  if (candidates.length === 0) return;
  const carried = new Set((await repos.teachers.groups(candidates)).map((r) => r.group_key));
  for (const k of candidates) if (!carried.has(k)) kept.set(k, 'none');
}

/**
 * The links of the people named by key (a plan of the changed): by identity, and by the accounts
 * their records name or would be named by.
 */
export async function linksForPeople(repos: PhaseContext['repos'], keys: readonly string[], groups: readonly TeacherRow[][]): Promise<ChunkLinks> {
  const byIdentity = await repos.links.byIdentities(keys);
  const found = new Set(byIdentity.map((l) => l.external_id));
  const wanted = new Set<string>();
  for (const g of groups) {
    for (const r of g) {
      if (r.link_external_id !== null && !found.has(r.link_external_id)) wanted.add(r.link_external_id);
      if (!found.has(r.teacher_id)) wanted.add(r.teacher_id);
    }
  }
  return indexLinks(byIdentity, await repos.links.byExternalIds([...wanted]));
}

/**
 * Decides, for every person, what the platform should hold and whether that differs from what
 * was last pushed. Reads the teachers in primary-key order, a chunk at a time; or, for a plan of
 * the changed, only the people named.
 */
export async function planPhase(ctx: PhaseContext, opts: PlanOptions = {}): Promise<PlanCounts> {
  const { deps, repos, runId, signal } = ctx;
  const counts: PlanCounts = { create: 0, update: 0, move: 0, disable: 0, unchanged: 0, held: 0, walked: 0 };
  const schoolsByCode = await repos.schools.byCode();
  const schoolsById = new Map<string, TargetSchool>();
  for (const list of schoolsByCode.values()) for (const s of list) schoolsById.set(s.schoolId, s);
  const assignments = new Map((await repos.assignments.list()).map((a) => [a.teacherId, a]));
  const rule = { explicit: deps.policy.campus.explicit };
  // Before its county's go-live a teacher is planned and reported like any other, but not pushed.
  const rollout = rolloutPlanOf(deps.policy);
  const now = deps.clock();
  const countyOf = (schoolId: string, givenCounty: string | null) => schoolsById.get(schoolId)?.countyCode ?? givenCounty;
  const isLive = (schoolId: string, givenCounty: string | null) => rollout.isLive(countyOf(schoolId, givenCounty), now);
  const outOfScope = (schoolId: string, givenCounty: string | null) => opts.countyCode !== undefined && countyOf(schoolId, givenCounty) !== opts.countyCode;
  const hashOf = (payloadMac: string | null, schoolId: string, status: string) => desiredHash(deps.cipher, payloadMac, schoolId, status);
  // The same for every person: made once.
  const rules = {
    schoolsForCode: (code: string) => schoolsByCode.get(code) ?? [], schoolById: (id: string) => schoolsById.get(id), assignmentFor: (id: string) => assignments.get(id),
    rule, isLive, hashOf, inScope: opts.countyCode === undefined ? undefined : (schoolId: string, county: string | null) => !outOfScope(schoolId, county),
  };
  // What a person is left as is kept for the next plan, unless this plan covers one county only.
  const keepStandings = opts.countyCode === undefined;

  /** Decides one person; what it plans and says goes into `out`. */
  const decide = async (group: readonly TeacherRow[], links: ChunkLinks, out: ChunkOut): Promise<Standing> => {
    const key = group[0]!.group_key;
    const isIdentity = !key.startsWith('q:');
    const plan = (action: AccountAction, e: Omit<PlanItemRow, 'run_id' | 'action' | 'state' | 'result_status' | 'result_code'>): Standing => {
      if (action !== 'unchanged') out.items.push({ run_id: runId, action, state: 'pending', result_status: null, result_code: null, ...e });
      return action;
    };
    const problem = (r: TeacherRow, code: ProblemRecord['code'], detail: string) =>
      out.problems.push({ runId, teacherId: r.teacher_id, code, detail, institutionCode: r.institution_code, countyCode: r.county_code });

    const link = await accountOf(repos, group, links);
    if (link && link.identity_mac !== key) out.borrowed.push(link.identity_mac);
    const d = decidePerson({ ...rules, records: group.map(personRecord), isIdentity, link: link ? personLink(link) : null });
    for (const p of d.problems) problem(p.record.row, p.code, p.detail);
    const { assignment, becameStale, target } = d;
    const w = d.winner?.row;
    if (assignment && becameStale && w) {
      out.staleNow.push({ teacherId: assignment.teacherId, reason: becameStale });
      const was = { schoolId: assignment.schoolId, institutionCode: assignment.institutionCode };
      out.audit.push({
        atMs: deps.clock(), actor: 'teacher-sync', action: 'stale', teacherId: assignment.teacherId, source: 'sync',
        reason: `run ${runId}: ${staleDetail(becameStale)}${becameStale === 'stale-code-changed' ? ` (${assignment.institutionCode} → ${w.institution_code ?? 'none'})` : ''}`,
        before: { schoolId: link?.school_id ?? null, assignment: { ...was, state: 'active' } },
        after: { schoolId: d.placement?.schoolId ?? null, assignment: { ...was, state: 'stale', staleReason: becameStale } },
      });
    }
    if (d.standing !== d.action || target === null || d.action === null) return d.standing;
    if (d.path === 'gone') {
      return plan(d.action, {
        external_id: link!.external_id, teacher_id: link!.teacher_id, identity_mac: link!.identity_mac, school_id: target.schoolId,
        desired_status: 'disabled', desired_hash: target.hash, choice_reason: target.reason,
      });
    }
    if (!w) return d.standing;
    let externalId = link?.external_id ?? w.teacher_id;
    // Taken by another person's account: the teacher's id with a mark of the identity, within the
    // platform's 64 characters and its alphabet.
    if (!link && links.isTaken(externalId)) externalId = `${w.teacher_id.slice(0, 55)}.${key.slice(0, 8)}`;
    // Nothing to push, but the link must still name the record it now follows and why it is where it is.
    if (d.action === 'unchanged' && link && (link.teacher_id !== w.teacher_id || link.choice_reason !== target.reason)) {
      out.relinked.push({ ...link, teacher_id: w.teacher_id, choice_reason: target.reason });
      if (link.teacher_id !== w.teacher_id) out.repointed.push({ teacherId: w.teacher_id, externalId: link.external_id });
    }
    return plan(d.action, {
      external_id: externalId, teacher_id: w.teacher_id, identity_mac: key, school_id: target.schoolId,
      desired_status: target.status, desired_hash: target.hash, choice_reason: target.reason,
    });
  };

  const write = async (out: ChunkOut) => {
    await repos.plan.insert(out.items);
    await repos.problems.insert(out.problems);
    await repos.links.upsert(out.relinked);
    await repos.teachers.setLinks(out.repointed);
    await repos.assignments.markStale(out.staleNow, deps.clock());
    await repos.audit.append(out.audit);
  };
  const tally = (standing: Standing) => {
    if (standing !== 'none') counts[standing]++;
  };

  if (opts.changedOnly) {
    await planChanged(ctx, opts.changedOnly, counts, decide, write);
  } else {
    ctx.progress.start('plan', null);
    if (keepStandings) await repos.holds.clear();
    const duplicates = await repos.teachers.duplicateGroupKeys();
    const done = new Set<string>();
    let after: string | null = null;
    for (;;) {
      throwIfAborted(signal);
      const rows = await repos.teachers.planChunk(after, CHUNK);
      if (rows.length === 0) break;
      const upTo = rows[rows.length - 1]!.teacher_id;
      const groups = await groupsOf(repos, rows, duplicates, done);
      const links = await linksForChunk(repos, groups, after, upTo);
      after = upTo;
      const out = emptyOut();
      const kept = new Map<string, KeptStanding>();
      for (const group of groups) {
        const standing = await decide(group, links, out);
        tally(standing);
        const key = group[0]!.group_key;
        const keep = standingToKeep(standing, links.byIdentity.has(key));
        if (keep !== null) kept.set(key, keep);
      }
      counts.walked += groups.length;
      await write(out);
      if (keepStandings) {
        const here = new Set(groups.map((g) => g[0]!.group_key));
        await keepBorrowed(repos, out.borrowed, (k) => here.has(k), kept);
        await repos.holds.insert(kept);
      }
      ctx.progress.advance(rows.length);
    }
    ctx.progress.finish();
  }
  deps.log.info({ runId, ...counts, scope: opts.changedOnly ? 'changed' : 'all' }, 'plan made');
  return counts;
}

/**
 * Re-plans the people named, a chunk at a time; everyone else stands as the last plan left them.
 * Their problems are carried from that run, and the counts are that run's, moved by the standing
 * each re-planned person had and has now.
 */
async function planChanged(
  ctx: PhaseContext, only: NonNullable<PlanOptions['changedOnly']>, counts: PlanCounts,
  decide: (group: readonly TeacherRow[], links: ChunkLinks, out: ChunkOut) => Promise<Standing>, write: (out: ChunkOut) => Promise<void>,
): Promise<void> {
  const { repos, runId, signal } = ctx;
  ctx.progress.start('plan', only.groupKeys.length);
  await repos.problems.carry(only.previousRunId, runId, PLAN_PROBLEM_CODES);
  let unchanged = only.previous.unchanged;
  let held = only.previous.held;
  const touched = new Set(only.groupKeys);
  for (let i = 0; i < only.groupKeys.length; i += CHANGED_CHUNK) {
    throwIfAborted(signal);
    const keys = only.groupKeys.slice(i, i + CHANGED_CHUNK);
    const groups = byGroup(await repos.teachers.groups(keys));
    const links = await linksForPeople(repos, keys, groups);
    const before = await repos.holds.get(keys);
    // What was said of these people is said again, or no longer holds.
    await repos.problems.deleteForTeachers(runId, groups.flatMap((g) => g.map((r) => r.teacher_id)), PLAN_PROBLEM_CODES);
    const out = emptyOut();
    const kept = new Map<string, KeptStanding>();
    const now = new Map<string, Standing>();
    for (const group of groups) now.set(group[0]!.group_key, await decide(group, links, out));
    for (const key of keys) {
      const hasAccount = links.byIdentity.has(key);
      const was = standingBefore(before.get(key), hasAccount);
      const is = now.get(key) ?? 'none';
      if (was === 'unchanged') unchanged--;
      if (was === 'held') held--;
      if (is === 'unchanged') unchanged++;
      else if (is === 'held') held++;
      else if (is !== 'none') counts[is]++;
      const keep = standingToKeep(is, hasAccount);
      if (keep !== null) kept.set(key, keep);
    }
    counts.walked += groups.length;
    await write(out);
    await keepBorrowed(repos, out.borrowed, (k) => touched.has(k), kept);
    await repos.holds.replace(keys, kept);
    ctx.progress.advance(keys.length);
  }
  counts.unchanged = Math.max(0, unchanged);
  counts.held = Math.max(0, held);
  ctx.progress.finish();
}
