import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../src/simulators/http-simulator.js';
import type { AccountRecord, Simulators } from '../../src/simulators/index.js';
import type { DbKind } from '../support/databases.js';
import {
  accountDiscrepancies, cleanReference, comparableCounts, expectNothingLeftToPush, expectSyncedLike, receivedSince,
  totalPushed, pushedOf, writeTestPolicy, type Reference, type Summary,
} from '../support/fault-checks.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

/**
 * The platforms misbehave as real ones do: 5xx, 429 with Retry-After, calls that hang, connections
 * reset, tokens revoked mid-run, a page cut short or garbled. Each run must still make exactly the
 * accounts a clean run makes, each once, and record them all.
 */

const WORLD = { seed: 7, teachers: 300 };
// Pages and batches of five: a run makes ~60 calls to each platform, so a 10% fault rate is met several times.
const SYNC = { pageSize: 5, pushBatchSize: 5, pushConcurrency: 2 };
const HTTP = { retries: 10, minRetryDelayMs: 10, maxRetryDelayMs: 200 };
const POLICY = writeTestPolicy({ sync: SYNC, http: HTTP });
// A short client timeout for the calls that hang, so each costs little.
const SHORT_TIMEOUT_POLICY = writeTestPolicy({ sync: SYNC, http: { ...HTTP, timeoutMs: 400 } });

const PLATFORMS = ['ttp', 'srp'] as const;

function account(externalId: string, idNumber: string, schoolId = 'S0000001'): AccountRecord {
  return {
    accountId: `A${idNumber.slice(-8)}`, externalId, username: `t${externalId.slice(-6)}`, name: '张三', idType: 'resident_id', idNumber,
    gender: 'M', mobile: null, email: null, schoolId, status: 'active', createdAt: '', updatedAt: '',
  };
}

describe('the account checks', () => {
  it('see a lost, a duplicated, a doubled and a changed account', () => {
    const good = [account('T1', '330102198001011230'), account('T2', '330102198001011249'), account('T3', '330102198001011257')];
    const [first, second] = good as [AccountRecord, AccountRecord];
    expect(accountDiscrepancies(good, good)).toEqual([]);
    expect(accountDiscrepancies(good.slice(1), good)).toEqual(['lost: T1']);
    const twin = { ...first, accountId: 'A99999999', externalId: 'T1~dup' };
    expect(accountDiscrepancies([...good, twin], good)).toEqual(['one person, two accounts: T1 and T1~dup', 'unexpected: T1~dup']);
    expect(accountDiscrepancies([...good, { ...second }], good)).toEqual(['externalId T2 held by two accounts', 'one person, two accounts: T2 and T2']);
    const moved = good.map((a) => (a === second ? { ...a, schoolId: 'S0000002' } : a));
    expect(accountDiscrepancies(moved, good)).toEqual([expect.stringMatching(/^wrong: T2 is S0000002\|/)]);
  });
});

describe.each<DbKind>(['mariadb', 'sqlite'])('a first sync through platform faults on %s', (kind) => {
  let reference: Reference;
  const open: Harness[] = [];

  beforeAll(async () => {
    reference = await cleanReference(WORLD, POLICY);
    expect(reference.summary.status).toBe('succeeded');
    expect(reference.summary.created).toBeGreaterThan(150);
  });
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  const harness = async (): Promise<Harness> => {
    const h = await startHarness(kind, WORLD);
    open.push(h);
    return h;
  };
  const sync = async (h: Harness, args: string[] = [], policy = POLICY): Promise<Summary> => {
    const r = await h.cli(['sync', '--json', ...args], { TEACHER_SYNC_CONFIG: policy });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    return summaryOf(r);
  };
  const clearFaults = (sims: Simulators) => {
    for (const sim of [sims.ttp, sims.registry, sims.srp]) {
      sim.faults = {};
      sim.onRequest = null;
    }
  };

  /**
   * The faulted run finished by itself with the clean run's counts, and the platform received each
   * change exactly once: a call that failed was never applied, so a retry is the first delivery.
   */
  async function expectCleanOutcome(h: Harness, s: Summary, pushLogBefore = 0): Promise<void> {
    expect(s.status).toBe('succeeded');
    expect(comparableCounts(s)).toEqual(comparableCounts(reference.summary));
    const received = receivedSince(h.sims, pushLogBefore);
    expect(received.items).toBe(totalPushed(pushedOf(s)) + s.failed);
    expect(received.externalIds.size).toBe(received.items);
    expect(received.created).toBe(s.created);
    await expectSyncedLike(h.sims, h.database.url, reference);
    clearFaults(h.sims);
    await expectNothingLeftToPush(h.sims, () => sync(h));
  }

  it('survives 10% of calls answered 500/502/503', async () => {
    const h = await harness();
    for (const p of PLATFORMS) h.sims[p].faults = { errorRate: 0.1, retryAfterSeconds: 0 };
    const s = await sync(h);
    for (const p of PLATFORMS) expect(h.sims[p].stats.faultsInjected, p).toBeGreaterThanOrEqual(2);
    await expectCleanOutcome(h, s);
  });

  it('survives 429 with Retry-After, and waits as long as asked', async () => {
    const h = await harness();
    const ttpCalls: RequestEvent[] = [];
    h.sims.ttp.onRequest = (e) => ttpCalls.push(e);
    for (const p of PLATFORMS) h.sims[p].faults = { rateLimitRate: 0.1, retryAfterSeconds: 1 };
    const s = await sync(h);
    for (const p of PLATFORMS) expect(h.sims[p].stats.faultsInjected, p).toBeGreaterThanOrEqual(2);
    // The teacher pull is one call at a time: after a 429 the next call comes a second later at the earliest.
    const limited = ttpCalls.map((e, i) => ({ e, next: ttpCalls[i + 1] })).filter(({ e }) => e.fault === 'rate-limit');
    expect(limited.length).toBeGreaterThanOrEqual(2);
    for (const { e, next } of limited) if (next) expect(next.atMs - e.atMs).toBeGreaterThanOrEqual(950);
    await expectCleanOutcome(h, s);
  });

  it('survives calls that hang past the client timeout', async () => {
    const h = await harness();
    for (const p of PLATFORMS) h.sims[p].faults = { hangRate: 0.1 };
    const s = await sync(h, [], SHORT_TIMEOUT_POLICY);
    for (const p of PLATFORMS) expect(h.sims[p].stats.faultsInjected, p).toBeGreaterThanOrEqual(2);
    await expectCleanOutcome(h, s);
  });

  it('survives connections reset without an answer', async () => {
    const h = await harness();
    for (const p of PLATFORMS) h.sims[p].faults = { resetRate: 0.1 };
    const s = await sync(h);
    for (const p of PLATFORMS) expect(h.sims[p].stats.faultsInjected, p).toBeGreaterThanOrEqual(2);
    await expectCleanOutcome(h, s);
  });

  it('fetches a new token when its tokens are revoked in the middle of the run', async () => {
    const h = await harness();
    // The teacher pull is ~61 calls: revoke in its middle. The student-record platform revokes again and again.
    h.sims.ttp.faults = { revokeTokensAfter: 30 };
    h.sims.srp.faults = { revokeTokensEvery: 7 };
    const s = await sync(h);
    expect(h.sims.ttp.faults.revokeTokensAfter).toBeUndefined();
    expect(h.sims.ttp.stats.faultsInjected).toBe(1);
    expect(h.sims.ttp.stats.tokensIssued).toBe(2);
    expect(h.sims.ttp.stats.requests['GET /api/v1/teachers']).toBeGreaterThan(30);
    expect(h.sims.srp.stats.faultsInjected).toBeGreaterThanOrEqual(3);
    expect(h.sims.srp.stats.tokensIssued).toBeGreaterThan(h.sims.srp.stats.faultsInjected);
    expect(h.sims.srp.stats.tokensIssued).toBeLessThanOrEqual(2 * h.sims.srp.stats.faultsInjected + 1);
    await expectCleanOutcome(h, s);
  });

  it('refetches a page cut short and a page of broken JSON, losing no record and reading none twice', async () => {
    const h = await harness();
    const oneShots = (sims: Simulators) => {
      let teacherPages = 0;
      let schoolPages = 0;
      sims.ttp.onRequest = (e: RequestEvent) => {
        if (e.route !== 'GET /api/v1/teachers') return;
        teacherPages++;
        if (teacherPages === 8) sims.ttp.faults.truncateNextPage = true;
        if (teacherPages === 25) sims.ttp.faults.invalidJsonNextPage = true;
      };
      sims.srp.onRequest = (e: RequestEvent) => {
        if (e.route !== 'GET /api/v1/schools') return;
        schoolPages++;
        // The school list is a page or two: its first answer is cut short, and the retry is garbled.
        if (schoolPages === 1) sims.srp.faults.truncateNextPage = true;
        if (schoolPages === 2) sims.srp.faults.invalidJsonNextPage = true;
      };
      sims.registry.faults = { invalidJsonNextPage: true };
    };
    oneShots(h.sims);
    const first = await sync(h);
    expect(h.sims.ttp.stats.faultsInjected).toBe(2);
    expect(h.sims.srp.stats.faultsInjected).toBe(2);
    expect(h.sims.registry.stats.faultsInjected).toBe(1);
    await expectCleanOutcome(h, first);

    // A full run reads every page again: a page dropped there would disable its teachers' accounts.
    oneShots(h.sims);
    const pushLogBefore = h.sims.srp.pushLog.length;
    const full = await sync(h, ['--full']);
    expect(h.sims.ttp.stats.faultsInjected).toBe(4);
    expect(full.status).toBe('succeeded');
    expect(full.pulled).toBe(reference.summary.pulled);
    expect({ ...pushedOf(full), failed: full.failed }).toEqual({ created: 0, updated: 0, moved: 0, disabled: 0, failed: 0 });
    expect(h.sims.srp.pushLog.length).toBe(pushLogBefore);
    await expectSyncedLike(h.sims, h.database.url, reference);
  });
});
