import {
  adoptedAssignmentCode, platformStatus, reconcileLinked, reconcileUnknown, zeroReconcileCounts,
  type ReconcileCounts,
} from '../core/account-reconciliation.js';
import { checkIdNumber, cleanIdNumber, maskIdNumber } from '../core/id-number.js';
import { identityKey, pickWinner } from '../core/identity.js';
import { ID_TYPES, type IdType, type TargetSchool } from '../core/types.js';
import type { AccountLinkRow } from '../db/repositories/account-link.repository.js';
import type { AuditEntry } from '../db/repositories/audit-log.repository.js';
import type { AssignmentRecord } from '../db/repositories/manual-assignment.repository.js';
import type { ProblemRecord } from '../db/repositories/sync-problem.repository.js';
import type { ChangedPeople } from './changed-people.js';
import { desiredHash } from './desired-hash.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import type { ListedAccount } from './ports.js';

/** Who a campus move found on the platform is recorded as. */
export const PLATFORM_ACTOR = 'student-record platform';

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

export interface ReconcileOptions {
  /** Push drifted accounts back to what the source says (at the next push of this run). */
  repair: boolean;
  /** Only accounts at schools of this county. */
  countyCode?: string;
  /** Told of every account that is not in step. */
  onEntry?: (e: ReconcileEntry) => void;
  /** Receives the people whose links this changed, for the plan to re-plan. */
  changed?: ChangedPeople;
}

const MISSING_CHUNK = 2000;

/** What an entry shows of an account as the platform lists it: the ID number only masked. */
function seenOnPlatform(a: ListedAccount): Pick<ReconcileEntry, 'accountId' | 'externalId' | 'username' | 'name' | 'idNumberMasked' | 'schoolId' | 'status'> {
  return {
    accountId: a.accountId, externalId: a.externalId, username: a.username, name: a.name,
    idNumberMasked: a.idNumber ? maskIdNumber(cleanIdNumber(a.idNumber)) : null, schoolId: a.schoolId, status: a.status,
  };
}

/** The identity of a listed account, as the teachers' group keys are made. */
function identityOf(a: ListedAccount, mac: (s: string) => string): string | null {
  if (!a.idType || !(ID_TYPES as readonly string[]).includes(a.idType) || !a.idNumber) return null;
  const type = a.idType as IdType;
  const checked = checkIdNumber(type, a.idNumber);
  const number = checked.ok ? checked.value : cleanIdNumber(a.idNumber);
  return number === null ? null : mac(identityKey(type, number));
}

/**
 * Reads every account the student-record platform holds and sets each against the links: in step,
 * drifted, missing, or unknown to the daemon. Runs before the plan, so that what it learns (a
 * campus move to respect, an account to push again, a drift to repair) is planned in the same run.
 * Never changes an account on the platform itself; the push does, from the plan.
 */
export async function reconcilePhase(ctx: PhaseContext, opts: ReconcileOptions): Promise<ReconcileCounts> {
  const { deps, repos, runId, signal } = ctx;
  const counts = zeroReconcileCounts();
  const now = deps.clock();
  const schoolsById = new Map<string, TargetSchool>();
  for (const list of (await repos.schools.byCode()).values()) for (const s of list) schoolsById.set(s.schoolId, s);
  const countyOf = (schoolId: string | null) => (schoolId === null ? null : (schoolsById.get(schoolId)?.countyCode ?? null));
  const inScope = (...schoolIds: (string | null)[]) => opts.countyCode === undefined || schoolIds.some((id) => countyOf(id) === opts.countyCode);
  const mac = (s: string) => deps.cipher.mac(s);
  const linkCount = await repos.links.count();
  let linkedSeen = 0;
  ctx.progress.start('reconcile', null);

  const entry = (e: Omit<ReconcileEntry, 'countyCode'> & { countyCode?: string | null }) =>
    opts.onEntry?.({ ...e, countyCode: e.countyCode ?? countyOf(e.schoolId ?? e.pushedSchoolId) });

  for await (const page of deps.accounts.accounts(signal)) {
    throwIfAborted(signal);
    const byExternal = new Map((await repos.links.byExternalIdsClustered(page.flatMap((a) => (a.externalId === null ? [] : [a.externalId])))).map((l) => [l.external_id, l]));
    const problems: ProblemRecord[] = [];
    const adopted: { account: ListedAccount; link: AccountLinkRow; sharedCode: string }[] = [];
    const repair: AccountLinkRow[] = [];
    const unknown: { account: ListedAccount; identity: string | null }[] = [];

    for (const a of page) {
      const link = a.externalId === null ? undefined : byExternal.get(a.externalId);
      if (link) linkedSeen++;
      if (!inScope(a.schoolId, link?.school_id ?? null)) continue;
      counts.accounts++;
      if (!link) {
        unknown.push({ account: a, identity: identityOf(a, mac) });
        continue;
      }
      const pushedStatus = link.status === 'active' ? 'active' : 'disabled';
      const verdict = reconcileLinked(a, { schoolId: link.school_id, status: pushedStatus }, (id) => schoolsById.get(id));
      if (verdict.kind !== 'drifted') {
        counts.inStep++;
        continue;
      }
      const base = { ...seenOnPlatform(a), teacherId: link.teacher_id, pushedSchoolId: link.school_id, pushedStatus };
      if (verdict.schoolMove === 'adopt' && verdict.sharedCode !== null) {
        counts.adopted++;
        adopted.push({ account: a, link, sharedCode: verdict.sharedCode });
        entry({ ...base, kind: 'adopted', action: 'campus move made on the platform: kept, recorded as a manual assignment' });
        problems.push({
          runId, teacherId: link.teacher_id, code: 'ACCOUNT_MOVE_ADOPTED', countyCode: countyOf(a.schoolId), institutionCode: verdict.sharedCode,
          detail: `account ${a.accountId} was moved on the student-record platform from school ${link.school_id} to ${a.schoolId ?? '?'}; the move is kept`,
        });
      }
      const schoolDrift = verdict.schoolMove === 'drift';
      if (schoolDrift || verdict.statusDrift) {
        counts.drifted++;
        const what = [
          schoolDrift ? `school ${a.schoolId ?? 'none'} on the platform, ${link.school_id} pushed` : null,
          verdict.statusDrift ? `status ${a.status ?? 'none'} on the platform, ${pushedStatus} pushed` : null,
        ].filter((s) => s !== null).join('; ');
        if (opts.repair) {
          counts.repairing++;
          // The link now says what the platform holds, so the plan pushes what the source says.
          const actual = platformStatus(a.status);
          repair.push({ ...link, pushed_hash: '', school_id: a.schoolId ?? link.school_id, status: actual === 'active' ? 'active' : 'disabled' });
        }
        entry({ ...base, kind: 'drifted', action: opts.repair ? 'pushed back to what the source says' : 'reported; `teacher-sync reconcile --repair` pushes it back' });
        problems.push({
          runId, teacherId: link.teacher_id, code: 'ACCOUNT_DRIFTED', countyCode: countyOf(a.schoolId ?? link.school_id), institutionCode: schoolsById.get(link.school_id)?.institutionCode ?? null,
          detail: `account ${a.accountId} differs from the last push (${what})${opts.repair ? '; pushed back' : ''}`,
        });
      }
    }

    await adoptMoves(ctx, adopted, now);
    await repos.links.upsert(repair);
    opts.changed?.addAll([...adopted.map((m) => m.link.identity_mac), ...repair.map((l) => l.identity_mac)]);
    await settleUnknown(ctx, unknown, counts, problems, entry, (id) => schoolsById.get(id), now, opts.changed);
    await repos.problems.insert(problems);
    ctx.progress.advance(page.length);
  }

  if (linkedSeen < linkCount) await findMissing(ctx, counts, entry, inScope, countyOf, opts.changed);
  ctx.progress.finish();
  deps.log.info({ runId, ...counts }, 'reconciled with the student-record platform');
  return counts;
}

/** A person moved the account between campuses of one code: that is their decision, recorded as theirs. */
async function adoptMoves(ctx: PhaseContext, moves: readonly { account: ListedAccount; link: AccountLinkRow; sharedCode: string }[], now: number): Promise<void> {
  if (moves.length === 0) return;
  const { deps, repos, runId } = ctx;
  const teacherIds = moves.map((m) => m.link.teacher_id);
  const teachers = await repos.teachers.byIds(teacherIds);
  const previous = await repos.assignments.byTeacherIds(teacherIds);
  const records: AssignmentRecord[] = [];
  const audit: AuditEntry[] = [];
  const links: AccountLinkRow[] = [];
  for (const { account, link, sharedCode } of moves) {
    const schoolId = account.schoolId ?? link.school_id;
    const teacher = teachers.get(link.teacher_id);
    const was = previous.get(link.teacher_id);
    const record: AssignmentRecord = {
      teacherId: link.teacher_id, schoolId, institutionCode: adoptedAssignmentCode(teacher?.institution_code ?? null, sharedCode), state: 'active',
      reason: `moved on the student-record platform (account ${account.accountId}), found by run ${runId}`,
      assignedBy: PLATFORM_ACTOR, createdAtMs: now, staleReason: null, staleAtMs: null,
    };
    records.push(record);
    audit.push({
      atMs: now, actor: PLATFORM_ACTOR, action: 'assign', teacherId: link.teacher_id, source: 'platform', reason: record.reason,
      before: { schoolId: link.school_id, assignment: was ? { schoolId: was.schoolId, institutionCode: was.institutionCode, state: was.state, staleReason: was.staleReason } : null },
      after: { schoolId, assignment: { schoolId, institutionCode: record.institutionCode, state: 'active' } },
    });
    // What was pushed is still what the platform holds, but for the school: say so, so nothing is pushed for it.
    const status = link.status === 'active' ? 'active' : 'disabled';
    const unchangedSincePush = teacher !== undefined && link.pushed_hash === desiredHash(deps.cipher, teacher.payload_mac, link.school_id, status);
    links.push({
      ...link, school_id: schoolId, choice_reason: 'manual',
      pushed_hash: unchangedSincePush ? desiredHash(deps.cipher, teacher.payload_mac, schoolId, status) : link.pushed_hash,
    });
  }
  await repos.assignments.replace(records);
  await repos.audit.append(audit);
  await repos.links.upsert(links);
}

/**
 * Accounts with no link. One whose identity is a teacher's is linked to that teacher: under its
 * own external id when it has one, else by the push binding the teacher's external id to it (the
 * platform's `accountId`, or its 409 answer naming the account). Anything else is left alone.
 */
async function settleUnknown(
  ctx: PhaseContext, unknown: readonly { account: ListedAccount; identity: string | null }[], counts: ReconcileCounts,
  problems: ProblemRecord[], entry: (e: Omit<ReconcileEntry, 'countyCode'>) => void, schoolOf: (schoolId: string) => TargetSchool | undefined, now: number,
  changed: ChangedPeople | undefined,
): Promise<void> {
  if (unknown.length === 0) return;
  const { repos, runId } = ctx;
  const identities = [...new Set(unknown.flatMap((u) => (u.identity === null ? [] : [u.identity])))];
  // The person's usable records, and among them the one the plan will push: the same winner.
  const usableByIdentity = new Map<string, { teacherId: string; updatedAtMs: number }[]>();
  for (const r of await repos.teachers.groups(identities)) {
    if (r.valid !== 1 || r.gone !== 0) continue;
    const list = usableByIdentity.get(r.group_key) ?? [];
    list.push({ teacherId: r.teacher_id, updatedAtMs: Number(r.updated_at_ms) });
    usableByIdentity.set(r.group_key, list);
  }
  const teachersByIdentity = new Map([...usableByIdentity].map(([key, records]) => [key, pickWinner(records).winner]));
  const linkedIdentities = new Set((await repos.links.byIdentities(identities)).map((l) => l.identity_mac));
  const adoptedLinks: AccountLinkRow[] = [];
  for (const { account: a, identity } of unknown) {
    const teacher = identity === null ? undefined : teachersByIdentity.get(identity);
    const verdict = reconcileUnknown(teacher !== undefined);
    const base = { ...seenOnPlatform(a), pushedSchoolId: null, pushedStatus: null };
    const school = a.schoolId === null ? undefined : schoolOf(a.schoolId);
    if (verdict.kind === 'unknown-matched' && teacher && identity !== null) {
      counts.matched++;
      // Linked here or bound by the push: either way this person is planned again.
      changed?.add(identity);
      // Under the teacher's own id (the daemon's naming: a push whose answer was lost, a restored
      // database) the plan's push binds it as it is. Under another external id (another tool): follow
      // that id rather than create a second account; the next push brings it in step.
      const own = a.externalId !== null && a.externalId !== teacher.teacherId && !linkedIdentities.has(identity);
      if (own) {
        adoptedLinks.push({
          external_id: a.externalId!, teacher_id: teacher.teacherId, identity_mac: identity, account_id: a.accountId, username: a.username,
          school_id: a.schoolId ?? '', status: platformStatus(a.status) ?? 'disabled', pushed_hash: '', choice_reason: null, pushed_run_id: runId, pushed_at_ms: now,
        });
      }
      entry({ ...base, kind: 'matched', teacherId: teacher.teacherId, action: 'same person as a teacher: linked to that teacher at the push, never duplicated' });
      // One made by hand is bound by the push, which records it then; one under an unknown external id is linked here.
      if (own) {
        problems.push({
          runId, teacherId: teacher.teacherId, code: 'ACCOUNT_LINKED', institutionCode: school?.institutionCode ?? null, countyCode: school?.countyCode ?? null,
          detail: `account ${a.accountId} (external id ${a.externalId!}) on the student-record platform is this teacher's; it is used, not duplicated`,
        });
      }
      continue;
    }
    counts.orphans++;
    entry({ ...base, kind: 'orphan', teacherId: null, action: 'matches no teacher: reported, left as it is' });
    problems.push({
      runId, teacherId: null, code: 'ACCOUNT_ORPHAN', institutionCode: school?.institutionCode ?? null, countyCode: school?.countyCode ?? null,
      detail: `account ${a.accountId} (user ${a.username ?? '?'}, ${a.name ?? 'no name'}, ${base.idNumberMasked ?? 'no ID'}) at school ${a.schoolId ?? '?'} matches no teacher; left as it is`,
    });
  }
  await repos.links.upsert(adoptedLinks);
  await repos.teachers.setLinks(adoptedLinks.map((l) => ({ teacherId: l.teacher_id, externalId: l.external_id })));
}

/**
 * Fewer linked accounts were listed than the daemon has links: some are gone from the platform.
 * Lists the platform again, noting every external id, and marks the links not seen for a new push.
 */
async function findMissing(
  ctx: PhaseContext, counts: ReconcileCounts, entry: (e: Omit<ReconcileEntry, 'countyCode'>) => void,
  inScope: (...schoolIds: (string | null)[]) => boolean, countyOf: (schoolId: string | null) => string | null,
  changed: ChangedPeople | undefined,
): Promise<void> {
  const { deps, repos, runId, signal } = ctx;
  await repos.links.clearSeen();
  for await (const page of deps.accounts.accounts(signal)) {
    throwIfAborted(signal);
    await repos.links.markSeen(page.flatMap((a) => (a.externalId === null ? [] : [a.externalId])));
  }
  let after: string | null = null;
  for (;;) {
    const missing = await repos.links.notSeen(after, MISSING_CHUNK);
    if (missing.length === 0) break;
    after = missing[missing.length - 1]!.external_id;
    // A disabled account that is gone is no loss: only active ones are pushed again.
    const mine = missing.filter((l) => l.status === 'active' && inScope(l.school_id));
    const problems: ProblemRecord[] = [];
    for (const l of mine) {
      counts.missing++;
      entry({
        kind: 'missing', accountId: l.account_id, externalId: l.external_id, username: l.username, teacherId: l.teacher_id, name: null, idNumberMasked: null,
        schoolId: null, pushedSchoolId: l.school_id, status: null, pushedStatus: l.status, action: 'pushed again',
      });
      problems.push({
        runId, teacherId: l.teacher_id, code: 'ACCOUNT_MISSING', institutionCode: null, countyCode: countyOf(l.school_id),
        detail: `account ${l.account_id ?? '?'} (external id ${l.external_id}) is no longer on the student-record platform; it is pushed again`,
      });
    }
    await repos.links.forgetPushed(mine.map((l) => l.external_id));
    changed?.addAll(mine.map((l) => l.identity_mac));
    await repos.problems.insert(problems);
  }
  await repos.links.clearSeen();
}
