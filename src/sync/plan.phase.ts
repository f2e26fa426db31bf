import {
  borrowedToCheck, externalIdsToRead, groupRecords, identitiesToCheck, indexLinks, keepStandings, PLAN_PROBLEM_CODES, planChunk, restandChanged,
  type ChunkLinks, type ChunkPlan, type PlanRecord, type PlanRules, type StandingCounts,
} from '../core/plan-decision.js';
import type { KeptStanding, Standing } from '../core/plan-scope.js';
import type { TargetSchool } from '../core/types.js';
import type { AccountLink } from '../db/ports/account-link.port.js';
import { desiredHash } from './desired-hash.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import { rolloutPlanOf } from './rollout.js';

export { PLAN_PROBLEM_CODES } from '../core/plan-decision.js';

/** People per step of a plan of the changed: one IN list per look-up. */
const CHANGED_CHUNK = 500;

export interface PlanCounts extends StandingCounts {
  /** People (groups of records) the plan decided on: everyone, or those that changed. */
  walked: number;
}

export interface PlanOptions {
  /** Plan only teachers of this county (a reconciliation of one county); others are left out. */
  countyCode?: string;
  /**
   * Re-plan only these people (group keys); everyone else stands as the plan of `previousRunId`
   * left them, which `previous` counted (after its push, all of which succeeded).
   */
  changedOnly?: { groupKeys: readonly string[]; previousRunId: number; previous: { unchanged: number; held: number } };
}

type Repos = PhaseContext['repos'];

/**
 * The links a chunk of groups needs, by primary key only. A link's external id is normally its
 * teacher's id, so one range read finds nearly all; a teacher row also names the account it was
 * pushed as, so the rest (a duplicate's link, a suffixed id) are read by key.
 */
async function linksForChunk(repos: Repos, groups: readonly PlanRecord[][], after: string | null, upTo: string): Promise<ChunkLinks> {
  const ranged = await repos.links.externalRange(after, upTo);
  const inRange = (id: string) => (after === null || id > after) && id <= upTo;
  return indexLinks(ranged, await repos.links.byExternalIds(externalIdsToRead(groups, inRange)));
}

/**
 * The links of the people named by key (a plan of the changed): by identity (`byIdentityRead`
 * when already asked for), and by the accounts their records name or would be named by.
 */
export async function linksForPeople(repos: Repos, keys: readonly string[], groups: readonly PlanRecord[][], byIdentityRead?: Promise<AccountLink[]>): Promise<ChunkLinks> {
  const byIdentity = await (byIdentityRead ?? repos.links.byIdentities(keys));
  const found = new Set(byIdentity.map((l) => l.externalId));
  return indexLinks(byIdentity, await repos.links.byExternalIds(externalIdsToRead(groups, (id) => found.has(id))));
}

/** Which of the identities a chunk's decisions depend on some usable record carries: one read per chunk. */
export async function identitiesInUseFor(repos: Repos, groups: readonly PlanRecord[][], links: ChunkLinks): Promise<ReadonlySet<string>> {
  const wanted = identitiesToCheck(groups, links);
  return wanted.length === 0 ? new Set() : repos.teachers.identitiesInUse(wanted);
}

/**
 * Turns a chunk of records into people. Most records are a person alone; a record whose identity
 * is shared is read with the rest of its group the first time one of them comes up.
 */
async function groupsOf(repos: Repos, rows: readonly PlanRecord[], duplicates: Set<string>, done: Set<string>): Promise<PlanRecord[][]> {
  const groups: PlanRecord[][] = [];
  const shared: string[] = [];
  for (const r of rows) {
    if (!duplicates.has(r.groupKey)) groups.push([r]);
    else if (!done.has(r.groupKey)) {
      done.add(r.groupKey);
      shared.push(r.groupKey);
    }
  }
  groups.push(...groupRecords(await repos.teachers.groups(shared)));
  return groups;
}

/** The rules every person of this plan is decided by: read once. */
async function planRules(ctx: PhaseContext, countyCode: string | undefined): Promise<PlanRules> {
  const { deps, repos } = ctx;
  const schoolsByCode = await repos.schools.byCode();
  const schoolsById = new Map<string, TargetSchool>();
  for (const list of schoolsByCode.values()) for (const s of list) schoolsById.set(s.schoolId, s);
  const assignments = new Map((await repos.assignments.list()).map((a) => [a.teacherId, a]));
  // Before its county's go-live a teacher is planned and reported like any other, but not pushed.
  const rollout = rolloutPlanOf(deps.policy);
  const now = deps.clock();
  const countyOf = (schoolId: string, givenCounty: string | null) => schoolsById.get(schoolId)?.countyCode ?? givenCounty;
  return {
    schoolsForCode: (code) => schoolsByCode.get(code) ?? [], schoolById: (id) => schoolsById.get(id), assignmentFor: (id) => assignments.get(id),
    rule: { explicit: deps.policy.campus.explicit },
    isLive: (schoolId, givenCounty) => rollout.isLive(countyOf(schoolId, givenCounty), now),
    hashOf: (payloadMac, schoolId, status) => desiredHash(deps.cipher, payloadMac, schoolId, status),
    inScope: countyCode === undefined ? undefined : (schoolId, givenCounty) => countyOf(schoolId, givenCounty) === countyCode,
  };
}

/** Decides a chunk of people from what was read of them. */
async function decideChunk(ctx: PhaseContext, rules: PlanRules, groups: PlanRecord[][], links: ChunkLinks): Promise<ChunkPlan> {
  const identitiesInUse = await identitiesInUseFor(ctx.repos, groups, links);
  return planChunk({ runId: ctx.runId, nowMs: ctx.deps.clock(), rules, groups, links, identitiesInUse });
}

/** Everything a chunk decided, written together when the chunk is done. */
async function writeChunk(ctx: PhaseContext, out: ChunkPlan): Promise<void> {
  const { repos } = ctx;
  await repos.plan.insert(out.items);
  await repos.problems.insert(out.problems);
  await repos.links.upsert(out.relinked);
  await repos.teachers.setLinks(out.repointed);
  await repos.assignments.markStale(out.staleNow, ctx.deps.clock());
  await repos.audit.append(out.audit);
}

/** Accounts that now stand for no one (see borrowedToCheck) are kept as such. */
async function keepBorrowed(repos: Repos, borrowed: readonly string[], decided: (key: string) => boolean, kept: Map<string, KeptStanding>): Promise<void> {
  const candidates = borrowedToCheck(borrowed, decided);
  if (candidates.length === 0) return;
  const carried = await repos.teachers.presentGroupKeys(candidates);
  for (const k of candidates) if (!carried.has(k)) kept.set(k, 'none');
}

/**
 * Decides, for every person, what the platform should hold and whether that differs from what
 * was last pushed. Reads the teachers in primary-key order, a chunk at a time; or, for a plan of
 * the changed, only the people named.
 */
export async function planPhase(ctx: PhaseContext, opts: PlanOptions = {}): Promise<PlanCounts> {
  const counts: PlanCounts = { create: 0, update: 0, move: 0, disable: 0, unchanged: 0, held: 0, walked: 0 };
  const rules = await planRules(ctx, opts.countyCode);
  // What a person is left as is kept for the next plan, unless this plan covers one county only.
  if (opts.changedOnly) await planChanged(ctx, rules, opts.changedOnly, counts);
  else await planEveryone(ctx, rules, opts.countyCode === undefined, counts);
  ctx.deps.log.info({ runId: ctx.runId, ...counts, scope: opts.changedOnly ? 'changed' : 'all' }, 'plan made');
  return counts;
}

/** What the chunk before wrote, or is writing: the links it re-pointed, and its write. */
interface PendingWrite {
  done: Promise<void>;
  relinked: ReadonlySet<string>;
}

/**
 * Plans every person, a chunk of records at a time in primary-key order. A chunk is written while
 * the next is read and decided, so the database and this process work at once; one write is in
 * flight at most. A chunk that reads a link the one before re-pointed waits for that write and
 * reads its links again, so no decision rests on a link as it was before.
 */
async function planEveryone(ctx: PhaseContext, rules: PlanRules, keepForNext: boolean, counts: PlanCounts): Promise<void> {
  const { repos, signal } = ctx;
  ctx.progress.start('plan', null);
  if (keepForNext) await repos.holds.clear();
  const duplicates = await repos.teachers.duplicateGroupKeys();
  const done = new Set<string>();
  let pending: PendingWrite = { done: Promise.resolve(), relinked: new Set() };
  let after: string | null = null;
  // The next chunk's records are read while this one is decided. Records are safe to read early:
  // a write changes only records of people already decided, whom a later chunk skips. Links are
  // not: they are read in turn, after the check against the write before.
  const readChunk = (from: string | null) => {
    const read = (async () => {
      const rows = await repos.teachers.planChunk(from, ctx.deps.policy.sync.planChunkSize);
      return rows.length === 0 ? null : { rows, upTo: rows[rows.length - 1]!.teacherId, groups: await groupsOf(repos, rows, duplicates, done) };
    })();
    // Taken up where it is awaited; until then a failure must not count as unhandled.
    read.catch(() => {});
    return read;
  };
  let ahead = readChunk(null);
  try {
    for (;;) {
      throwIfAborted(signal);
      const chunk = await ahead;
      if (chunk === null) break;
      const { rows, upTo, groups } = chunk;
      ahead = readChunk(upTo);
      let links = await linksForChunk(repos, groups, after, upTo);
      if ([...pending.relinked].some((id) => links.byExternal.has(id))) {
        await pending.done;
        links = await linksForChunk(repos, groups, after, upTo);
      }
      after = upTo;
      const out = await decideChunk(ctx, rules, groups, links);
      const kept = keepStandings(groups, out.standings, links, counts);
      counts.walked += groups.length;
      await pending.done;
      const here = new Set(groups.map((g) => g[0]!.groupKey));
      pending = { done: writeEveryoneChunk(ctx, out, keepForNext ? { here, kept } : null), relinked: new Set(out.relinked.map((l) => l.externalId)) };
      // Met at the next chunk or at the end; until then a failure must not count as unhandled.
      pending.done.catch(() => {});
      ctx.progress.advance(rows.length);
    }
    await pending.done;
  } finally {
    // Whatever ended the plan, nothing of it is still being written or read when it returns.
    await Promise.all([pending.done.catch(() => {}), ahead.catch(() => {})]);
  }
  ctx.progress.finish();
}

/** A chunk of a plan of everyone, written; with what the next plan keeps of it, when it keeps anything. */
async function writeEveryoneChunk(ctx: PhaseContext, out: ChunkPlan, keep: { here: ReadonlySet<string>; kept: Map<string, KeptStanding> } | null): Promise<void> {
  await writeChunk(ctx, out);
  if (!keep) return;
  await keepBorrowed(ctx.repos, out.borrowed, (k) => keep.here.has(k), keep.kept);
  await ctx.repos.holds.insert(keep.kept);
}

/**
 * Re-plans the people named, a chunk at a time; everyone else stands as the last plan left them.
 * Their problems are carried from that run, and the counts are that run's, moved by the standing
 * each re-planned person had and has now.
 */
async function planChanged(ctx: PhaseContext, rules: PlanRules, only: NonNullable<PlanOptions['changedOnly']>, counts: PlanCounts): Promise<void> {
  const { repos, runId, signal } = ctx;
  ctx.progress.start('plan', only.groupKeys.length);
  await repos.problems.carry(only.previousRunId, runId, PLAN_PROBLEM_CODES);
  counts.unchanged = only.previous.unchanged;
  counts.held = only.previous.held;
  const touched = new Set(only.groupKeys);
  for (let i = 0; i < only.groupKeys.length; i += CHANGED_CHUNK) {
    throwIfAborted(signal);
    const keys = only.groupKeys.slice(i, i + CHANGED_CHUNK);
    // The three reads need only the keys: asked at once, on connections of their own.
    const byIdentity = repos.links.byIdentities(keys);
    const standings = repos.holds.get(keys);
    byIdentity.catch(() => {});
    standings.catch(() => {});
    const groups = groupRecords(await repos.teachers.groups(keys));
    const links = await linksForPeople(repos, keys, groups, byIdentity);
    const before = await standings;
    // What was said of these people is said again, or no longer holds.
    await repos.problems.deleteForTeachers(runId, groups.flatMap((g) => g.map((r) => r.teacherId)), PLAN_PROBLEM_CODES);
    const out = await decideChunk(ctx, rules, groups, links);
    const now = new Map<string, Standing>(groups.map((g, k) => [g[0]!.groupKey, out.standings[k]!]));
    const kept = restandChanged(keys, before, now, links, counts);
    counts.walked += groups.length;
    await writeChunk(ctx, out);
    await keepBorrowed(repos, out.borrowed, (k) => touched.has(k), kept);
    await repos.holds.replace(keys, kept);
    ctx.progress.advance(keys.length);
  }
  counts.unchanged = Math.max(0, counts.unchanged);
  counts.held = Math.max(0, counts.held);
  ctx.progress.finish();
}
