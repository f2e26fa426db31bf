import { diffAccount } from '../core/account-diff.js';
import { pickWinner } from '../core/identity.js';
import type { StaleReason } from '../core/manual-assignment.js';
import { placeTeacher } from '../core/school-placement.js';
import type { AccountAction, TargetSchool } from '../core/types.js';
import type { AccountLinkRow } from '../db/repositories/account-link.repository.js';
import type { AuditEntry } from '../db/repositories/audit-log.repository.js';
import type { AssignmentRecord } from '../db/repositories/manual-assignment.repository.js';
import type { PlanItemRow } from '../db/repositories/plan-item.repository.js';
import type { ProblemRecord } from '../db/repositories/sync-problem.repository.js';
import type { PlanTeacherRow as TeacherRow } from '../db/repositories/teacher.repository.js';
import { desiredHash } from './desired-hash.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import { rolloutPlanOf } from './rollout.js';

const CHUNK = 2000;

export interface PlanCounts {
  create: number;
  update: number;
  move: number;
  disable: number;
  unchanged: number;
  held: number;
}

interface ChunkLinks {
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
  const byIdentity = new Map<string, AccountLinkRow>();
  const byExternal = new Map<string, AccountLinkRow>();
  const add = (links: readonly AccountLinkRow[]) => {
    for (const l of links) {
      byIdentity.set(l.identity_mac, l);
      byExternal.set(l.external_id, l);
    }
  };
  add(await repos.links.externalRange(after, upTo));
  const inRange = (id: string) => (after === null || id > after) && id <= upTo;
  const wanted = new Set<string>();
  for (const g of groups) {
    for (const r of g) {
      if (r.link_external_id !== null && !inRange(r.link_external_id)) wanted.add(r.link_external_id);
      if (!inRange(r.teacher_id)) wanted.add(r.teacher_id);
    }
  }
  add(await repos.links.byExternalIds([...wanted]));
  return { byIdentity, byExternal, isTaken: (id) => byExternal.has(id) };
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
  const byKey = new Map<string, TeacherRow[]>();
  for (const r of await repos.teachers.groups(shared)) {
    const g = byKey.get(r.group_key);
    if (g) g.push(r);
    else byKey.set(r.group_key, [r]);
  }
  for (const g of byKey.values()) groups.push(g);
  return groups;
}

function staleDetail(reason: StaleReason | null): string {
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
function assignmentOf(group: readonly TeacherRow[], winnerId: string, assignments: ReadonlyMap<string, AssignmentRecord>): AssignmentRecord | null {
  const own = assignments.get(winnerId);
  if (own) return own;
  for (const r of group) {
    const other = assignments.get(r.teacher_id);
    if (other) return other;
  }
  return null;
}

/**
 * Decides, for every person, what the platform should hold and whether that differs from what
 * was last pushed. Reads the teachers in primary-key order, a chunk at a time.
 */
export interface PlanOptions {
  /** Plan only teachers of this county (a reconciliation of one county); others are left out. */
  countyCode?: string;
}

export async function planPhase(ctx: PhaseContext, opts: PlanOptions = {}): Promise<PlanCounts> {
  const { deps, repos, runId, signal } = ctx;
  const counts: PlanCounts = { create: 0, update: 0, move: 0, disable: 0, unchanged: 0, held: 0 };
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
  ctx.progress.start('plan', null);

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
    const items: PlanItemRow[] = [];
    const problems: ProblemRecord[] = [];
    const relinked: AccountLinkRow[] = [];
    const repointed: { teacherId: string; externalId: string }[] = [];
    const staleNow: { teacherId: string; reason: StaleReason }[] = [];
    const audit: AuditEntry[] = [];

    const plan = (action: AccountAction, e: Omit<PlanItemRow, 'run_id' | 'action' | 'state' | 'result_status' | 'result_code'>) => {
      if (action === 'unchanged') {
        counts.unchanged++;
        return;
      }
      counts[action]++;
      items.push({ run_id: runId, action, state: 'pending', result_status: null, result_code: null, ...e });
    };
    const problem = (r: TeacherRow, code: ProblemRecord['code'], detail: string) =>
      problems.push({ runId, teacherId: r.teacher_id, code, detail, institutionCode: r.institution_code, countyCode: r.county_code });

    for (const group of groups) {
      const key = group[0]!.group_key;
      const isIdentity = !key.startsWith('q:');
      let link = isIdentity ? links.byIdentity.get(key) : undefined;
      if (!link) {
        for (const r of group) {
          const candidate = r.link_external_id === null ? undefined : links.byExternal.get(r.link_external_id);
          if (!candidate) continue;
          // A link found through the teacher but carrying another identity: the ID number was
          // corrected. Adopt it only when no one else now holds that identity.
          if (!isIdentity || !(await repos.teachers.identityInUse(candidate.identity_mac))) link = candidate;
          break;
        }
      }
      const usable = group.filter((r) => r.valid === 1 && r.gone === 0);

      if (usable.length === 0) {
        if (!link) continue;
        const allGone = group.every((r) => r.gone === 1);
        if (allGone && isIdentity) {
          const last = group.reduce((a, b) => (b.updated_at_ms > a.updated_at_ms ? b : a));
          const hash = hashOf(last.payload_mac, link.school_id, 'disabled');
          const action = link.status === 'active' ? 'disable' : 'unchanged';
          if (outOfScope(link.school_id, last.county_code)) continue;
          if (action === 'disable' && !isLive(link.school_id, last.county_code)) {
            counts.held++;
            continue;
          }
          plan(action, {
            external_id: link.external_id, teacher_id: link.teacher_id, identity_mac: link.identity_mac, school_id: link.school_id,
            desired_status: 'disabled', desired_hash: hash, choice_reason: link.choice_reason,
          });
        } else {
          // Quarantined: the account stays exactly as it is until the record is fixed.
          counts.held++;
          problem(group[0]!, 'ACCOUNT_HELD', `account ${link.external_id} kept unchanged while the record is quarantined`);
        }
        continue;
      }

      const { winner, duplicates } = pickWinner(usable.map((r) => ({ teacherId: r.teacher_id, updatedAtMs: Number(r.updated_at_ms), row: r })));
      for (const d of duplicates) {
        problem(d.row, 'DUPLICATE_PERSON', `same person as teacher ${winner.teacherId} (${winner.row.id_number_masked ?? ''}); ${winner.teacherId} was updated later and is used`);
      }
      const w = winner.row;
      const status = w.status === 'active' ? 'active' : 'disabled';
      if (!link && status === 'disabled') {
        counts.unchanged++;
        continue;
      }
      const assignment = assignmentOf(group, w.teacher_id, assignments);
      const { placement, becameStale } = placeTeacher({
        institutionCode: w.institution_code ?? '', enteredName: w.institution_name, schools: schoolsByCode.get(w.institution_code ?? '') ?? [], rule,
        assignment, assignedSchool: assignment ? schoolsById.get(assignment.schoolId) : undefined, current: link ? { schoolId: link.school_id } : null,
      });
      const staleReason = assignment?.state === 'stale' ? assignment.staleReason : becameStale;
      if (assignment && (assignment.state === 'stale' || becameStale)) {
        problem(w, 'ASSIGNMENT_STALE', `manual assignment of ${assignment.teacherId} to ${assignment.schoolId} no longer holds (${staleDetail(staleReason)}); ${link ? 'the account stays where it is' : 'the rules place the new account'} until the assignment is replaced or undone`);
      }
      if (assignment && becameStale) {
        staleNow.push({ teacherId: assignment.teacherId, reason: becameStale });
        const was = { schoolId: assignment.schoolId, institutionCode: assignment.institutionCode };
        audit.push({
          atMs: deps.clock(), actor: 'teacher-sync', action: 'stale', teacherId: assignment.teacherId, source: 'sync',
          reason: `run ${runId}: ${staleDetail(becameStale)}${becameStale === 'stale-code-changed' ? ` (${assignment.institutionCode} → ${w.institution_code ?? 'none'})` : ''}`,
          before: { schoolId: link?.school_id ?? null, assignment: { ...was, state: 'active' } },
          after: { schoolId: placement?.schoolId ?? null, assignment: { ...was, state: 'stale', staleReason: becameStale } },
        });
      }
      let schoolId: string;
      let reason: string | null;
      if (placement) {
        schoolId = placement.schoolId;
        reason = placement.reason;
      } else if (link && status === 'disabled') {
        schoolId = link.school_id;
        reason = link.choice_reason;
      } else {
        problem(w, 'NO_TARGET_SCHOOL', `no active student-record school carries institution code ${w.institution_code ?? ''}`);
        counts.held++;
        continue;
      }
      const hash = hashOf(w.payload_mac, schoolId, status);
      const linkState = link ? { externalId: link.external_id, schoolId: link.school_id, status: link.status === 'active' ? 'active' as const : 'disabled' as const, pushedHash: link.pushed_hash } : null;
      const action = diffAccount({ schoolId, status }, hash, linkState);
      if (outOfScope(schoolId, w.county_code)) continue;
      if (action !== 'unchanged' && !isLive(schoolId, w.county_code)) {
        counts.held++;
        continue;
      }
      let externalId = link?.external_id ?? w.teacher_id;
      // Taken by another person's account: the teacher's id with a mark of the identity, within the
      // platform's 64 characters and its alphabet.
      if (!link && links.isTaken(externalId)) externalId = `${w.teacher_id.slice(0, 55)}.${key.slice(0, 8)}`;
      // Nothing to push, but the link must still name the record it now follows and why it is where it is.
      if (action === 'unchanged' && link && (link.teacher_id !== w.teacher_id || link.choice_reason !== reason)) {
        relinked.push({ ...link, teacher_id: w.teacher_id, choice_reason: reason });
        if (link.teacher_id !== w.teacher_id) repointed.push({ teacherId: w.teacher_id, externalId: link.external_id });
      }
      plan(action, {
        external_id: externalId, teacher_id: w.teacher_id, identity_mac: key, school_id: schoolId,
        desired_status: status, desired_hash: hash, choice_reason: reason,
      });
    }
    await repos.plan.insert(items);
    await repos.problems.insert(problems);
    await repos.links.upsert(relinked);
    await repos.teachers.setLinks(repointed);
    await repos.assignments.markStale(staleNow, deps.clock());
    await repos.audit.append(audit);
    ctx.progress.advance(rows.length);
  }
  ctx.progress.finish();
  deps.log.info({ runId, ...counts }, 'plan made');
  return counts;
}
