import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import type { Simulators } from '../../src/simulators/index.js';
import type { DbKind } from '../support/databases.js';
import { accountSnapshot, startHarness, summaryOf, type Harness } from '../support/harness.js';

const SEED = 7;
const TEACHERS = 600;

const snapshot = accountSnapshot;

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Teachers the daemon has an account for, that a test may remove or retire. */
function teachersWithAccounts(sims: Simulators): string[] {
  const external = new Set(sims.srp.accounts().map((a) => a.externalId));
  return sims.ttp.list().filter((t) => t.status === 'active' && external.has(t.teacherId)).map((t) => t.teacherId);
}

describe.each<DbKind>(['sqlite', 'mariadb'])('sync against the simulators on %s', (kind) => {
  let reference: string[] = [];
  const open: Harness[] = [];
  const harness = async (opts = {}) => {
    const h = await startHarness(kind, { seed: SEED, teachers: TEACHERS, ...opts });
    open.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  beforeAll(async () => {
    const h = await startHarness(kind, { seed: SEED, teachers: TEACHERS });
    const r = await h.cli(['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    reference = snapshot(h.sims);
    await h.close();
  });
  afterAll(() => {
    reference = [];
  });

  it('syncs messy data into one account per person, then a run with no change pushes nothing', async () => {
    const h = await harness();
    const first = summaryOf(await h.cli(['sync', '--json']));
    expect(first.status).toBe('succeeded');
    expect(first.mode).toBe('full');
    expect(first.pulled).toBe(h.sims.ttp.list().length);
    expect(first.quarantined).toBeGreaterThan(0);
    expect(first.created).toBeGreaterThan(TEACHERS * 0.7);
    const accounts = h.sims.srp.accounts();
    expect(accounts.length).toBe(first.created);
    expect(new Set(accounts.map((a) => `${a.idType}:${a.idNumber}`)).size).toBe(accounts.length);
    expect(snapshot(h.sims)).toEqual(reference);
    expect(first.problems).toHaveProperty('DUPLICATE_PERSON');

    const pushedBefore = h.sims.srp.stats.itemsPushed;
    const second = summaryOf(await h.cli(['sync', '--json']));
    expect(second.mode).toBe('delta');
    expect(second.status).toBe('succeeded');
    expect(second.created + second.updated + second.moved + second.disabled + second.failed).toBe(0);
    expect(h.sims.srp.stats.itemsPushed).toBe(pushedBefore);
    expect(second.pulled).toBeLessThan(first.pulled);
  });

  it('pushes only what changed on a delta run', async () => {
    const h = await harness();
    await h.cli(['sync', '--json']);
    const [leaver, changed] = teachersWithAccounts(h.sims);
    h.sims.ttp.update(leaver!, { status: 'left' });
    h.sims.ttp.update(changed!, { mobile: '13912345678' });
    const pushedBefore = h.sims.srp.stats.itemsPushed;

    const delta = summaryOf(await h.cli(['sync', '--json']));
    expect(delta.mode).toBe('delta');
    expect(delta.pulled).toBeLessThan(20);
    expect(delta.disabled).toBe(1);
    expect(delta.updated).toBe(1);
    expect(delta.created).toBe(0);
    expect(h.sims.srp.stats.itemsPushed - pushedBefore).toBe(2);
    expect(h.sims.srp.account(leaver!)?.status).toBe('disabled');
  });

  it('disables teachers no longer listed on a full run', async () => {
    const h = await harness();
    await h.cli(['sync', '--json']);
    const gone = teachersWithAccounts(h.sims).slice(0, 3);
    for (const id of gone) h.sims.ttp.remove(id);

    const delta = summaryOf(await h.cli(['sync', '--json']));
    expect(delta.disabled).toBe(0);
    const full = summaryOf(await h.cli(['sync', '--full', '--json']));
    expect(full.mode).toBe('full');
    expect(full.disabled).toBe(3);
    for (const id of gone) expect(h.sims.srp.account(id)?.status).toBe('disabled');
  });

  it('stops at the safety limit, disabling none, until --allow-mass-disable', async () => {
    const h = await harness();
    await h.cli(['sync', '--json']);
    const gone = teachersWithAccounts(h.sims).slice(0, 60);
    for (const id of gone) h.sims.ttp.remove(id);

    const stopped = await h.cli(['sync', '--full', '--json']);
    expect(stopped.code).toBe(4);
    const s = summaryOf(stopped);
    expect(s.status).toBe('stopped');
    expect(s.disabled).toBe(0);
    expect(String(s['safetyReason'])).toMatch(/would disable 60 of/);
    for (const id of gone) expect(h.sims.srp.account(id)?.status).toBe('active');

    const allowed = await h.cli(['sync', '--full', '--allow-mass-disable', '--json']);
    expect(allowed.code).toBe(0);
    expect(summaryOf(allowed).disabled).toBe(60);
    for (const id of gone) expect(h.sims.srp.account(id)?.status).toBe('disabled');
  });

  it('changes nothing anywhere on a dry run', async () => {
    const h = await harness();
    const dry = await h.cli(['sync', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = summaryOf(dry);
    expect(plan.status).toBe('planned');
    expect(plan.created).toBe(reference.length);
    expect(h.sims.srp.accounts()).toHaveLength(0);
    expect(h.sims.srp.stats.itemsPushed).toBe(0);
    const runs = await h.cli(['runs', 'list', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual([]);
    // and the next real run does everything the plan said
    expect(summaryOf(await h.cli(['sync', '--json'])).created).toBe(plan.created);
  });

  it('reaches the same accounts through 5xx, 429, resets and revoked tokens', async () => {
    const h = await harness();
    for (const sim of [h.sims.ttp, h.sims.srp, h.sims.registry]) {
      sim.faults.errorRate = 0.15;
      sim.faults.rateLimitRate = 0.05;
      sim.faults.retryAfterSeconds = 0;
      sim.faults.resetRate = 0.05;
    }
    h.sims.ttp.revokeTokens();
    const revoker = setInterval(() => {
      h.sims.srp.revokeTokens();
      h.sims.ttp.revokeTokens();
    }, 150);
    try {
      const r = await h.cli(['sync', '--json']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    } finally {
      clearInterval(revoker);
    }
    expect(snapshot(h.sims)).toEqual(reference);
    const injected = h.sims.ttp.stats.faultsInjected + h.sims.srp.stats.faultsInjected;
    expect(injected).toBeGreaterThan(0);
    expect(h.sims.srp.stats.tokensIssued).toBeGreaterThan(1);
  });

  it('finishes a run killed in the middle of its push on the next run, with no account twice', async () => {
    const h = await harness();
    h.sims.srp.faults.batchDelayMs = 150;
    const victim = h.spawnCli(['sync', '--json']);
    await until(() => h.sims.srp.stats.itemsPushed >= 100, 30_000, 'the first batches to be pushed');
    victim.kill('SIGKILL');
    await victim.done;
    const pushedByVictim = h.sims.srp.accounts().length;
    expect(pushedByVictim).toBeGreaterThan(0);
    expect(pushedByVictim).toBeLessThan(reference.length);
    h.sims.srp.faults.batchDelayMs = 0;

    const resumed = await h.cli(['sync', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(snapshot(h.sims)).toEqual(reference);
    const runs = JSON.parse((await h.cli(['runs', 'list', '--json'])).stdout) as { status: string }[];
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'aborted']);
    expect(summaryOf(await h.cli(['sync', '--json'])).created).toBe(0);
  });

  it('refuses a second sync while one runs, naming it', async () => {
    const h = await harness();
    h.sims.srp.faults.batchDelayMs = 200;
    const first = h.spawnCli(['sync', '--json']);
    await until(() => h.sims.srp.stats.itemsPushed > 0, 30_000, 'the first sync to push');
    const second = await h.cli(['sync', '--json']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/another sync is running: run 1 on host \S+ \(pid \d+\)/);
    h.sims.srp.faults.batchDelayMs = 0;
    expect((await first.done).code).toBe(0);
  });

  it('never pushes or disables on a quarantined record: the account is held as it is', async () => {
    const h = await harness();
    await h.cli(['sync', '--json']);
    const [broken] = teachersWithAccounts(h.sims);
    const before = h.sims.srp.account(broken!);
    h.sims.ttp.update(broken!, { institutionCode: '21330', status: 'left' });
    const delta = summaryOf(await h.cli(['sync', '--json']));
    expect(delta.quarantined).toBe(1);
    expect(delta.disabled + delta.updated).toBe(0);
    expect(delta.problems).toMatchObject({ CODE_MALFORMED: 1, ACCOUNT_HELD: 1 });
    const full = summaryOf(await h.cli(['sync', '--full', '--json']));
    expect(full.disabled + full.updated).toBe(0);
    expect(h.sims.srp.account(broken!)).toEqual(before);
    // Gone from the platform altogether is not a judgment on the bad fields: a full run disables it.
    h.sims.ttp.remove(broken!);
    expect(summaryOf(await h.cli(['sync', '--full', '--json'])).disabled).toBe(1);
    expect(h.sims.srp.account(broken!)?.status).toBe('disabled');
  });

  it('binds an account made by hand to its teacher when the platform answers 409, instead of a second one', async () => {
    const h = await harness();
    const [taken] = h.sims.ttp.list().filter((t) => t.teacherId === reference[0]!.split('|')[0]);
    const school = h.sims.srp.schools().find((s) => s.status === 'active')!;
    const manual = h.sims.srp.createManualAccount({ name: '手工账号', idType: 'resident_id', idNumber: reference[0]!.split('|')[5]!, schoolId: school.schoolId });
    // The push sends a new account; the platform's 409 names the one made by hand, which is then bound.
    const r = await h.cli(['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = summaryOf(r);
    expect(s.status).toBe('succeeded');
    expect(s.failed).toBe(0);
    expect(s.created).toBe(reference.length);
    expect(s.problems).toMatchObject({ ACCOUNT_LINKED: 1 });
    expect(s.problems).not.toHaveProperty('PUSH_CONFLICT');
    const bound = h.sims.srp.account(taken!.teacherId);
    expect(bound?.accountId).toBe(manual.accountId);
    expect(h.sims.srp.accounts()).toHaveLength(reference.length);
    const shown = await h.cli(['runs', 'show', String(s.runId)]);
    expect(shown.stdout).toMatch(/ACCOUNT_LINKED\s+1/);
  });

  it('reads the registry from a CSV file as well as from its API', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const h = await harness();
    const file = join(mkdtempSync(join(tmpdir(), 'ts-registry-')), 'registry.csv');
    writeFileSync(file, `\uFEFF${h.sims.registry.toCsv()}`);
    const r = await h.cli(['sync', '--json'], { REGISTRY_URL: '', REGISTRY_FILE: file });
    expect(r.code, r.stderr).toBe(0);
    expect(h.sims.registry.stats.total).toBe(0);
    expect(snapshot(h.sims)).toEqual(reference);
  });

  it('keeps no raw ID number or mobile in the database', async () => {
    const h = await harness();
    await h.cli(['sync', '--json']);
    const secrets = h.sims.ttp
      .list()
      .flatMap((t) => [t.idNumber, t.mobile])
      .filter((v): v is string => typeof v === 'string' && /\d{8,}/.test(v))
      .map((v) => v.replace(/\s/g, '').toUpperCase());
    expect(secrets.length).toBeGreaterThan(500);
    const handle = await openDatabase({ url: h.database.url, kind: kind === 'sqlite' ? 'sqlite' : 'mysql' });
    try {
      let dump = '';
      for (const t of ['teacher', 'account_link', 'plan_item', 'sync_problem', 'sync_run'] as const) {
        dump += JSON.stringify(await handle.db.selectFrom(t).selectAll().execute());
      }
      const haystack = dump.toUpperCase();
      const leaked = secrets.filter((s) => haystack.includes(s));
      expect(leaked).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
