/**
 * What the fault tests check after every faulted run: the accounts on the student-record platform
 * are those a clean run makes, once each; the daemon's links name exactly those accounts; no run is
 * left running; the counts agree with what the platform received.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import { createRepositories, type Repositories } from '../../src/db/repositories.js';
import type { RunRecord } from '../../src/db/repositories/sync-run.repository.js';
import type { AccountRecord, SimulatorOptions, Simulators } from '../../src/simulators/index.js';
import { startHarness, summaryOf } from './harness.js';

export type Summary = ReturnType<typeof summaryOf>;

/** Counts of pushed changes, the ones a run records per plan item. */
export const PUSHED = ['created', 'updated', 'moved', 'disabled'] as const;
export type PushedCounts = Record<(typeof PUSHED)[number], number>;

/** What a clean run produced from the same world: every faulted run must end in the same place. */
export interface Reference {
  accounts: AccountRecord[];
  summary: Summary;
}

/** The fields of an account the sync decides; ids and timestamps are the platform's own. */
function accountKey(a: AccountRecord): string {
  return [a.schoolId, a.status, a.name, a.idType, a.idNumber, a.gender ?? '-', a.mobile ?? '-', a.email ?? '-'].join('|');
}

/**
 * Every way the platform's accounts differ from the expected ones: an externalId or a person held
 * twice, an expected account missing, one with other content, one that should not exist.
 */
export function accountDiscrepancies(actual: readonly AccountRecord[], expected: readonly AccountRecord[]): string[] {
  const out: string[] = [];
  const byExternal = new Map<string, AccountRecord>();
  const byPerson = new Map<string, AccountRecord>();
  for (const a of actual) {
    if (a.externalId === null) out.push(`account ${a.accountId} has no externalId`);
    else if (byExternal.has(a.externalId)) out.push(`externalId ${a.externalId} held by two accounts`);
    else byExternal.set(a.externalId, a);
    const person = `${a.idType}:${a.idNumber}`;
    const other = byPerson.get(person);
    if (other) out.push(`one person, two accounts: ${other.externalId ?? other.accountId} and ${a.externalId ?? a.accountId}`);
    else byPerson.set(person, a);
  }
  const wanted = new Map(expected.map((e) => [e.externalId ?? `manual:${e.accountId}`, e]));
  for (const [id, e] of wanted) {
    const a = byExternal.get(id);
    if (!a) out.push(`lost: ${id}`);
    else if (accountKey(a) !== accountKey(e)) out.push(`wrong: ${id} is ${accountKey(a)}, expected ${accountKey(e)}`);
  }
  for (const id of byExternal.keys()) if (!wanted.has(id)) out.push(`unexpected: ${id}`);
  return out;
}

function dbKindOf(url: string): 'sqlite' | 'mysql' {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/** Opens the daemon's database for a look and closes it again. */
export async function withRepos<T>(databaseUrl: string, fn: (repos: Repositories, db: DbHandle['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ url: databaseUrl, kind: dbKindOf(databaseUrl) });
  try {
    return await fn(createRepositories(handle.db, handle.kind), handle.db);
  } finally {
    await handle.close();
  }
}

/** Where the daemon's links and the platform's accounts disagree: a run that lost its results. */
export async function linkDiscrepancies(databaseUrl: string, sims: Simulators): Promise<string[]> {
  const links = await withRepos(databaseUrl, (_repos, db) => db.selectFrom('account_link').select(['external_id', 'account_id', 'school_id', 'status']).execute());
  const out: string[] = [];
  const accounts = new Map(sims.srp.accounts().flatMap((a) => (a.externalId === null ? [] : [[a.externalId, a] as const])));
  const linked = new Set<string>();
  for (const l of links) {
    linked.add(l.external_id);
    const a = accounts.get(l.external_id);
    if (!a) out.push(`link ${l.external_id} names no account on the platform`);
    else if (l.account_id !== a.accountId || l.school_id !== a.schoolId || l.status !== a.status) {
      out.push(`link ${l.external_id} says ${l.account_id}/${l.school_id}/${l.status}, the platform ${a.accountId}/${a.schoolId}/${a.status}`);
    }
  }
  for (const id of accounts.keys()) if (!linked.has(id)) out.push(`account ${id} has no link`);
  return out;
}

/** Every run, oldest first. */
export async function runsOf(databaseUrl: string): Promise<RunRecord[]> {
  return (await withRepos(databaseUrl, (repos) => repos.runs.latest(10_000))).reverse();
}

/** The plan items of a run the platform confirmed, by count. */
export async function confirmedCounts(databaseUrl: string, runId: number): Promise<PushedCounts> {
  const field = { create: 'created', update: 'updated', move: 'moved', disable: 'disabled' } as const;
  const counts: PushedCounts = { created: 0, updated: 0, moved: 0, disabled: 0 };
  for (const t of await withRepos(databaseUrl, (repos) => repos.plan.tally(runId))) {
    const f = field[t.action as keyof typeof field];
    if (f && t.state === 'done') counts[f] += t.n;
  }
  return counts;
}

/**
 * Accounts a run linked (the platform confirmed them and the link was written) whose plan item it
 * never marked done: changes no run counts, since the next run finds the link and plans nothing.
 */
export async function linkedButUncounted(databaseUrl: string, runId: number): Promise<string[]> {
  return withRepos(databaseUrl, async (_repos, db) => {
    const rows = await db
      .selectFrom('account_link')
      .select('external_id')
      .where('pushed_run_id', '=', runId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('plan_item')
              .select('plan_item.external_id')
              .where('plan_item.run_id', '=', runId)
              .where('plan_item.state', '=', 'done')
              // A link bound to an account made by hand carries that account's external id, not the item's.
              .where((eb) => eb.or([eb('plan_item.external_id', '=', eb.ref('account_link.external_id')), eb('plan_item.teacher_id', '=', eb.ref('account_link.teacher_id'))])),
          ),
        ),
      )
      .orderBy('external_id')
      .execute();
    return rows.map((r) => r.external_id);
  });
}

export function pushedOf(s: Pick<Summary, (typeof PUSHED)[number]>): PushedCounts {
  return { created: s.created, updated: s.updated, moved: s.moved, disabled: s.disabled };
}

export function totalPushed(c: PushedCounts): number {
  return c.created + c.updated + c.moved + c.disabled;
}

/** The counts a clean run and a faulted run of the same world must share. */
export function comparableCounts(s: Summary): Record<string, unknown> {
  const { pulled, quarantined, created, updated, moved, disabled, unchanged, held, failed, problems } = s;
  return { pulled, quarantined, created, updated, moved, disabled, unchanged, held, failed, problems };
}

const BASE_POLICY = fileURLToPath(new URL('./test-policy.yaml', import.meta.url));

/**
 * The integration tests' policy with some settings changed; returns the file. The name is the
 * content's hash, so test files asking for the same policy share one file and none pile up.
 */
export function writeTestPolicy(overrides: { sync?: Record<string, unknown>; http?: Record<string, unknown> }): string {
  const base = parse(readFileSync(BASE_POLICY, 'utf8')) as Record<string, Record<string, unknown>>;
  const text = stringify({ ...base, sync: { ...base['sync'], ...overrides.sync }, http: { ...base['http'], ...overrides.http } });
  const file = join(tmpdir(), `ts-fault-policy-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.yaml`);
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return file;
}

/** A seeded PRNG (mulberry32): the same seed gives the same kill times and edits on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The accounts are those of the clean run, once each; the daemon's links agree with the platform;
 * no run is left running and the last one ended as the clean run did.
 */
export async function expectSyncedLike(sims: Simulators, databaseUrl: string, reference: Reference): Promise<void> {
  const accounts = sims.srp.accounts();
  expect(accountDiscrepancies(accounts, reference.accounts)).toEqual([]);
  expect(accounts).toHaveLength(reference.accounts.length);
  expect(await linkDiscrepancies(databaseUrl, sims)).toEqual([]);
  const runs = await runsOf(databaseUrl);
  expect(runs.filter((r) => r.status === 'running').map((r) => r.id)).toEqual([]);
  expect(runs.at(-1)?.status).toBe(reference.summary.status);
}

/** One more run, with the faults gone, finds nothing to push: the results of the faulted run were all kept. */
export async function expectNothingLeftToPush(sims: Simulators, sync: () => Promise<Summary>): Promise<void> {
  const before = sims.srp.stats.itemsPushed;
  const again = await sync();
  expect(again.status).toBe('succeeded');
  expect({ ...pushedOf(again), failed: again.failed }).toEqual({ created: 0, updated: 0, moved: 0, disabled: 0, failed: 0 });
  expect(sims.srp.stats.itemsPushed).toBe(before);
}

/** Items the student-record platform received since `since` (an index into its push log), by answer. */
export function receivedSince(sims: Simulators, since: number): { items: number; created: number; externalIds: Set<string> } {
  const entries = sims.srp.pushLog.slice(since);
  return {
    items: entries.length,
    created: entries.filter((e) => e.status === 201).length,
    externalIds: new Set(entries.flatMap((e) => (e.externalId === null ? [] : [e.externalId]))),
  };
}

/** A clean first run of the world on SQLite: what every faulted first run must reach too. */
export async function cleanReference(world: SimulatorOptions, policyFile: string): Promise<Reference> {
  const h = await startHarness('sqlite', world);
  try {
    const r = await h.cli(['sync', '--json'], { TEACHER_SYNC_CONFIG: policyFile });
    if (r.code !== 0) throw new Error(`the clean reference run failed (exit ${r.code}):\n${r.stderr}`);
    const summary = summaryOf(r);
    // Checked against the world, not the engine: a page the engine always skipped would be in the reference too.
    expect(summary.pulled).toBe(h.sims.ttp.list().length);
    expect(h.sims.srp.accounts()).toHaveLength(summary.created);
    return { accounts: h.sims.srp.accounts(), summary };
  } finally {
    await h.close();
  }
}
