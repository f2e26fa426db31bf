import { zeroReconcileCounts, type ReconcileCounts } from '../core/account-reconciliation.js';
import type { AccountLink } from '../core/account-link.js';
import { pickWinner } from '../core/identity.js';
import {
  accountIdentity, adoptMoves, countPage, missingAccounts, reconcileLinkedPage, settleUnknown,
  type AdoptedMove, type ReconcileEntry, type UnknownFindings,
} from '../core/reconciliation-findings.js';
import type { TargetSchool } from '../core/types.js';
import type { ChangedPeople } from './changed-people.js';
import { desiredHash } from './desired-hash.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import type { ListedAccount } from './ports.js';

export { PLATFORM_ACTOR, type ReconcileEntry, type ReconcileKind } from '../core/reconciliation-findings.js';

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

/** What every page of one reconciliation is set against: read once. */
interface Scope {
  nowMs: number;
  schoolOf: (schoolId: string) => TargetSchool | undefined;
  countyOf: (schoolId: string | null) => string | null;
  inScope: (...schoolIds: (string | null)[]) => boolean;
  entry: (e: Omit<ReconcileEntry, 'countyCode'> & { countyCode?: string | null }) => void;
}

async function scopeOf(ctx: PhaseContext, opts: ReconcileOptions): Promise<Scope> {
  const schoolsById = new Map<string, TargetSchool>();
  for (const list of (await ctx.repos.schools.byCode()).values()) for (const s of list) schoolsById.set(s.schoolId, s);
  const countyOf = (schoolId: string | null) => (schoolId === null ? null : (schoolsById.get(schoolId)?.countyCode ?? null));
  return {
    nowMs: ctx.deps.clock(),
    schoolOf: (id) => schoolsById.get(id),
    countyOf,
    inScope: (...schoolIds) => opts.countyCode === undefined || schoolIds.some((id) => countyOf(id) === opts.countyCode),
    entry: (e) => opts.onEntry?.({ ...e, countyCode: e.countyCode ?? countyOf(e.schoolId ?? e.pushedSchoolId) }),
  };
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
  const scope = await scopeOf(ctx, opts);
  const linkCount = await repos.links.count();
  let linkedSeen = 0;
  ctx.progress.start('reconcile', null);
  for await (const page of deps.accounts.accounts(signal)) {
    throwIfAborted(signal);
    linkedSeen += await reconcilePage(ctx, opts, scope, page, counts);
    ctx.progress.advance(page.length);
  }
  if (linkedSeen < linkCount) await findMissing(ctx, counts, scope, opts.changed);
  ctx.progress.finish();
  deps.log.info({ runId, ...counts }, 'reconciled with the student-record platform');
  return counts;
}

/** One page of listed accounts: read what they need, classify, write. Returns how many had a link. */
async function reconcilePage(ctx: PhaseContext, opts: ReconcileOptions, scope: Scope, page: readonly ListedAccount[], counts: ReconcileCounts): Promise<number> {
  const { deps, repos, runId } = ctx;
  const now = scope.nowMs;
  const byExternal = new Map((await repos.links.byExternalIdsClustered(page.flatMap((a) => (a.externalId === null ? [] : [a.externalId])))).map((l) => [l.externalId, l]));
  const linked: { account: ListedAccount; link: AccountLink }[] = [];
  const unknown: { account: ListedAccount; identity: string | null }[] = [];
  let linkedSeen = 0;
  for (const a of page) {
    const link = a.externalId === null ? undefined : byExternal.get(a.externalId);
    if (link) linkedSeen++;
    if (!scope.inScope(a.schoolId, link?.schoolId ?? null)) continue;
    counts.accounts++;
    if (link) linked.push({ account: a, link });
    else {
      const identity = accountIdentity(a.idType, a.idNumber);
      unknown.push({ account: a, identity: identity === null ? null : deps.cipher.mac(identity) });
    }
  }
  const found = reconcileLinkedPage({ runId, repair: opts.repair, linked, schoolOf: scope.schoolOf });
  for (const e of found.entries) scope.entry(e);
  await writeMoves(ctx, found.adopted, now);
  await repos.links.upsert(found.repair);
  opts.changed?.addAll([...found.adopted.map((m) => m.link.identityMac), ...found.repair.map((l) => l.identityMac)]);
  const settled = await readAndSettleUnknown(ctx, unknown, scope, now);
  opts.changed?.addAll(settled.changed);
  for (const e of settled.entries) scope.entry(e);
  countPage(counts, found, settled, opts.repair);
  await repos.problems.insert([...found.problems, ...settled.problems]);
  return linkedSeen;
}

/** Records the adopted campus moves: the assignments, their audit entries, and the links moved with them. */
async function writeMoves(ctx: PhaseContext, moves: readonly AdoptedMove[], now: number): Promise<void> {
  if (moves.length === 0) return;
  const { deps, repos, runId } = ctx;
  const teacherIds = moves.map((m) => m.link.teacherId);
  const teachers = await repos.teachers.byIds(teacherIds);
  const previous = await repos.assignments.byTeacherIds(teacherIds);
  const out = adoptMoves({
    runId, nowMs: now, moves, teacherOf: (id) => teachers.get(id), assignmentOf: (id) => previous.get(id),
    hashOf: (payloadMac, schoolId, status) => desiredHash(deps.cipher, payloadMac, schoolId, status),
  });
  await repos.assignments.replace(out.assignments);
  await repos.audit.append(out.audit);
  await repos.links.upsert(out.links);
}

/** Accounts with no link: the people their identities belong to are read in bulk, then settled (see settleUnknown). */
async function readAndSettleUnknown(
  ctx: PhaseContext, unknown: readonly { account: ListedAccount; identity: string | null }[], scope: Scope, now: number,
): Promise<UnknownFindings> {
  const { repos, runId } = ctx;
  if (unknown.length === 0) return { matched: 0, orphans: 0, changed: [], links: [], entries: [], problems: [] };
  const identities = [...new Set(unknown.flatMap((u) => (u.identity === null ? [] : [u.identity])))];
  // The person's usable records, and among them the one the plan will push: the same winner.
  const usableByIdentity = new Map<string, { teacherId: string; updatedAtMs: number }[]>();
  for (const r of await repos.teachers.groups(identities)) {
    if (!r.valid || r.gone) continue;
    const list = usableByIdentity.get(r.groupKey) ?? [];
    list.push({ teacherId: r.teacherId, updatedAtMs: r.updatedAtMs });
    usableByIdentity.set(r.groupKey, list);
  }
  const winners = new Map([...usableByIdentity].map(([key, records]) => [key, pickWinner(records).winner]));
  const linkedIdentities = new Set((await repos.links.byIdentities(identities)).map((l) => l.identityMac));
  const settled = settleUnknown({ runId, nowMs: now, unknown, teacherOf: (id) => winners.get(id), linkedIdentities, schoolOf: scope.schoolOf });
  await repos.links.upsert(settled.links);
  await repos.teachers.setLinks(settled.links.map((l) => ({ teacherId: l.teacherId, externalId: l.externalId })));
  return settled;
}

/**
 * Fewer linked accounts were listed than the daemon has links: some are gone from the platform.
 * Lists the platform again, noting every external id, and marks the links not seen for a new push.
 */
async function findMissing(ctx: PhaseContext, counts: ReconcileCounts, scope: Scope, changed: ChangedPeople | undefined): Promise<void> {
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
    after = missing[missing.length - 1]!.externalId;
    // A disabled account that is gone is no loss: only active ones are pushed again.
    const mine = missing.filter((l) => l.status === 'active' && scope.inScope(l.schoolId));
    const found = missingAccounts(runId, mine, scope.countyOf);
    counts.missing += mine.length;
    for (const e of found.entries) scope.entry(e);
    await repos.links.forgetPushed(mine.map((l) => l.externalId));
    changed?.addAll(mine.map((l) => l.identityMac));
    await repos.problems.insert(found.problems);
  }
  await repos.links.clearSeen();
}
