import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetSchool } from '../../src/core/types.js';
import {
  PlatformError, RegistryClient, RegistryCsvSource, StudentRecordClient, TeacherTrainingClient,
  type BatchItem, type HttpCallEvent, type RegistryPage, type TeacherPage,
} from '../../src/platforms/index.js';
import { residentIdCheckChar, startSimulators, type Simulators } from '../../src/simulators/index.js';

const TEACHERS = 700;
/** Quick retries, so a test that meets faults still runs in moments. */
const fast = { timeoutMs: 2000, retries: 8, minRetryDelayMs: 5, maxRetryDelayMs: 50 };

let sims: Simulators;
const closers: (() => void)[] = [];

beforeAll(async () => {
  sims = await startSimulators({ seed: 11, teachers: TEACHERS });
});
afterAll(async () => {
  await sims.close();
});
afterEach(() => {
  for (const c of closers.splice(0)) c();
  for (const sim of [sims.ttp, sims.registry, sims.srp]) {
    sim.faults = {};
    sim.setNow(null);
  }
});

function ttp(opts: Partial<ConstructorParameters<typeof TeacherTrainingClient>[0]> = {}): TeacherTrainingClient {
  const c = new TeacherTrainingClient({ baseUrl: sims.urls.ttp, clientId: 'teacher-sync', clientSecret: 'secret', pageSize: 100, ...fast, ...opts });
  closers.push(() => c.close());
  return c;
}

function srp(opts: Partial<ConstructorParameters<typeof StudentRecordClient>[0]> = {}): StudentRecordClient {
  const c = new StudentRecordClient({ baseUrl: sims.urls.srp, clientId: 'teacher-sync', clientSecret: 'secret', pageSize: 100, ...fast, ...opts });
  closers.push(() => c.close());
  return c;
}

function registry(opts: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}): RegistryClient {
  const c = new RegistryClient({ baseUrl: sims.urls.registry, pageSize: 200, ...fast, ...opts, provinceCode: opts.provinceCode ?? sims.world.province });
  closers.push(() => c.close());
  return c;
}

async function allTeachers(pages: AsyncIterable<TeacherPage>): Promise<{ pages: number; ids: string[]; rejected: number }> {
  const out = { pages: 0, ids: [] as string[], rejected: 0 };
  for await (const p of pages) {
    out.pages++;
    out.ids.push(...p.records.map((r) => r.teacherId));
    out.rejected += p.rejected.length;
  }
  return out;
}

async function allRegistry(source: { pages(signal?: AbortSignal): AsyncIterable<RegistryPage> }): Promise<RegistryPage> {
  const all: RegistryPage = { records: [], rejected: [] };
  for await (const p of source.pages()) {
    all.records.push(...p.records);
    all.rejected.push(...p.rejected);
  }
  return all;
}

async function allSchools(client: StudentRecordClient): Promise<TargetSchool[]> {
  const out: TargetSchool[] = [];
  for await (const page of client.schools()) out.push(...page);
  return out;
}

/** A resident ID number that passes the check character. */
function residentId(seq: number): string {
  const first17 = `33010219800101${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function activeSchool(): string {
  const s = sims.srp.schools().find((x) => x.status === 'active');
  if (!s) throw new Error('the simulator has no active school');
  return s.schoolId;
}

function person(externalId: string, seq: number, schoolId: string): BatchItem {
  return {
    externalId, name: `测试${seq}`, idType: 'resident_id', idNumber: residentId(seq), gender: 'F',
    mobile: '13800000000', email: null, schoolId, status: 'active',
  };
}

describe('teacher-training platform', () => {
  it('pages through every teacher, each once', async () => {
    const r = await allTeachers(ttp().pages());
    expect(r.ids.length + r.rejected).toBe(sims.ttp.list().length);
    expect(new Set(r.ids).size).toBe(r.ids.length);
    expect(r.pages).toBe(Math.ceil(TEACHERS / 100));
    expect(r.ids.sort()).toEqual(sims.ttp.list().map((t) => t.teacherId).sort());
  });

  it('keeps messy fields as sent', async () => {
    const byId = new Map(sims.ttp.list().map((t) => [t.teacherId, t]));
    for await (const page of ttp({ pageSize: 1000 }).pages()) {
      for (const rec of page.records) expect(rec).toEqual(byId.get(rec.teacherId));
    }
  });

  it('pulls only what changed with updatedSince', async () => {
    const later = Date.parse('2099-01-01T00:00:00+08:00');
    sims.ttp.setNow(later);
    const [a, b] = sims.ttp.list();
    sims.ttp.update(a!.teacherId, { mobile: '13912345678' });
    sims.ttp.update(b!.teacherId, { status: 'left' });
    const r = await allTeachers(ttp().pages({ updatedSince: '2098-12-31T23:59:00+08:00' }));
    expect(r.ids.sort()).toEqual([a!.teacherId, b!.teacherId].sort());
  });

  it('carries on when the token is revoked in the middle of paging', async () => {
    const issuedBefore = sims.ttp.stats.tokensIssued;
    const ids: string[] = [];
    let n = 0;
    for await (const page of ttp().pages()) {
      ids.push(...page.records.map((r) => r.teacherId), ...page.rejected.map(() => '?'));
      if (++n === 2) sims.ttp.revokeTokens();
    }
    expect(ids).toHaveLength(sims.ttp.list().length);
    expect(sims.ttp.stats.tokensIssued - issuedBefore).toBe(2);
  });

  it('completes a full pull when 30 % of calls fail', async () => {
    sims.ttp.faults = { errorRate: 0.3, retryAfterSeconds: 0 };
    const faultsBefore = sims.ttp.stats.faultsInjected;
    const r = await allTeachers(ttp().pages());
    expect(r.ids.length + r.rejected).toBe(sims.ttp.list().length);
    expect(sims.ttp.stats.faultsInjected).toBeGreaterThan(faultsBefore);
  });

  it('completes when connections are reset, pages truncated or cut off mid-JSON', async () => {
    sims.ttp.faults = { resetRate: 0.2, truncateNextPage: true };
    const events: HttpCallEvent[] = [];
    const client = ttp({ onCall: (e) => {
      events.push(e);
      if (events.length === 4) sims.ttp.faults.invalidJsonNextPage = true;
    } });
    const r = await allTeachers(client.pages());
    expect(r.ids.length + r.rejected).toBe(sims.ttp.list().length);
    expect(events.some((e) => e.error === 'PLATFORM_NETWORK')).toBe(true);
    expect(events.some((e) => e.error === undefined && e.status === 200)).toBe(true);
  });

  it('waits out Retry-After on 429', async () => {
    sims.ttp.faults = { rateLimitRate: 1, retryAfterSeconds: 1 };
    const events: HttpCallEvent[] = [];
    const client = ttp({ pageSize: 1000, onCall: (e) => {
      events.push(e);
      if (e.status === 429) sims.ttp.faults.rateLimitRate = 0;
    } });
    const started = performance.now();
    const r = await allTeachers(client.pages());
    const elapsed = performance.now() - started;
    expect(r.ids.length + r.rejected).toBe(sims.ttp.list().length);
    expect(events.filter((e) => e.status === 429)).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
  });

  it('times out a hung call and retries it', async () => {
    sims.ttp.faults = { hangRate: 1 };
    const events: HttpCallEvent[] = [];
    const client = ttp({ pageSize: 1000, timeoutMs: 200, onCall: (e) => {
      events.push(e);
      if (e.error === 'PLATFORM_TIMEOUT') sims.ttp.faults.hangRate = 0;
    } });
    const r = await allTeachers(client.pages());
    expect(r.ids.length + r.rejected).toBe(sims.ttp.list().length);
    expect(events.filter((e) => e.error === 'PLATFORM_TIMEOUT')).toHaveLength(1);
    expect(events.find((e) => e.error === 'PLATFORM_TIMEOUT')!.ms).toBeGreaterThanOrEqual(190);
  });

  it('fails with PLATFORM_AUTH on a wrong secret, without retrying', async () => {
    const before = sims.ttp.stats.total;
    const err = await ttp({ clientSecret: 'wrong' }).pages().next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe('PLATFORM_AUTH');
    expect((err as PlatformError).message).not.toContain('wrong');
    expect(sims.ttp.stats.total - before).toBeLessThanOrEqual(1);
  });
});

describe('institution registry', () => {
  it('pages through every institution, over HTTP and from the CSV export alike', async () => {
    const http = await allRegistry(registry());
    expect(http.records.length + http.rejected.length).toBe(sims.registry.list().length);
    expect(http.rejected).toEqual([]);
    expect(new Set(http.records.map((r) => r.code)).size).toBe(http.records.length);

    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    try {
      const path = join(dir, 'registry.csv');
      writeFileSync(path, sims.registry.toCsv(), 'utf8');
      const csv = await allRegistry(new RegistryCsvSource({ path, pageSize: 300 }));
      expect(csv.rejected).toEqual([]);
      expect(csv.records).toEqual(http.records);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('completes with 30 % errors and resets', async () => {
    sims.registry.faults = { errorRate: 0.3, resetRate: 0.1, retryAfterSeconds: 0 };
    const r = await allRegistry(registry({ pageSize: 50 }));
    expect(r.records.length).toBe(sims.registry.list().length);
  });
});

describe('student-record platform', () => {
  it('pages through every school, mapping closed ones to inactive', async () => {
    const schools = await allSchools(srp({ pageSize: 37 }));
    const expected = sims.srp.schools();
    expect(schools.map((s) => s.schoolId)).toEqual(expected.map((s) => s.schoolId));
    for (const s of schools) expect(['active', 'inactive']).toContain(s.status);
  });

  it('pushes a batch and returns one result per item, in order', async () => {
    const client = srp();
    const school = activeSchool();
    const items: BatchItem[] = [
      person('PT-order-1', 101, school),
      { ...person('PT-order-2', 102, school), schoolId: 'NO-SUCH-SCHOOL' },
      person('PT-order-3', 103, school),
      { ...person('PT-order-4', 104, school), mobile: 'not a mobile' },
      person('PT-order-5', 105, school),
    ];
    const first = await client.pushBatch(items);
    expect(first.map((r) => [r.externalId, r.status])).toEqual([
      ['PT-order-1', 201], ['PT-order-2', 404], ['PT-order-3', 201], ['PT-order-4', 422], ['PT-order-5', 201],
    ]);
    expect(first[1]!.error?.code).toBe('SCHOOL_NOT_FOUND');
    expect(first[3]!.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'mobile' });
    expect(first[0]!.accountId).toMatch(/^A\d{8}$/);

    const again = await client.pushBatch([items[0]!, { ...items[2]!, status: 'disabled' }]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    expect(again[0]!.accountId).toBe(first[0]!.accountId);
    expect(sims.srp.account('PT-order-3')?.status).toBe('disabled');
  });

  it('surfaces a 409 with the account that already holds the identity', async () => {
    const school = activeSchool();
    const manual = sims.srp.createManualAccount({ name: '手工', idType: 'resident_id', idNumber: residentId(201), schoolId: school });
    const client = srp();
    const [conflict, fine] = await client.pushBatch([person('PT-conflict-1', 201, school), person('PT-conflict-2', 202, school)]);
    expect(conflict).toMatchObject({
      externalId: 'PT-conflict-1', status: 409,
      error: { code: 'ID_NUMBER_CONFLICT', existingExternalId: null, existingAccountId: manual.accountId },
    });
    expect(fine!.status).toBe(201);

    const err = await client.putAccount('PT-conflict-3', person('PT-conflict-3', 202, school)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).status).toBe(409);
    expect((err as PlatformError).serverError).toMatchObject({ existingExternalId: 'PT-conflict-2', existingAccountId: fine!.accountId });
    expect((err as PlatformError).message).not.toContain(residentId(202));

    // Binding the hand-made account by its accountId resolves the conflict.
    const bound = await client.putAccount('PT-conflict-1', { ...person('PT-conflict-1', 201, school), accountId: manual.accountId });
    expect(bound).toMatchObject({ status: 200, externalId: 'PT-conflict-1', accountId: manual.accountId });
  });

  it('lists accounts, hand-made ones with a null externalId', async () => {
    const school = activeSchool();
    sims.srp.createManualAccount({ name: '另一个', idType: 'resident_id', idNumber: residentId(301), schoolId: school });
    await srp().pushBatch([person('PT-list-1', 302, school)]);
    const accounts = [];
    for await (const page of srp({ pageSize: 3 }).accounts()) accounts.push(...page);
    expect(accounts).toHaveLength(sims.srp.accounts().length);
    expect(accounts.find((a) => a.idNumber === residentId(301))?.externalId).toBeNull();
    expect(accounts.find((a) => a.externalId === 'PT-list-1')).toMatchObject({ idNumber: residentId(302), schoolId: school, status: 'active' });
  });

  it('pushes through 30 % errors and a token revoked between batches', async () => {
    const school = activeSchool();
    const client = srp();
    sims.srp.faults = { errorRate: 0.3, retryAfterSeconds: 0 };
    const items = Array.from({ length: 120 }, (_, i) => person(`PT-flaky-${i}`, 400 + i, school));
    const results = [];
    for (let i = 0; i < items.length; i += 40) {
      if (i === 80) sims.srp.revokeTokens();
      results.push(...(await client.pushBatch(items.slice(i, i + 40))));
    }
    expect(results.map((r) => r.externalId)).toEqual(items.map((i) => i.externalId));
    // Injected errors come before the platform applies a batch, so a retried batch creates each account once.
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    for (const i of items) expect(sims.srp.account(i.externalId)?.idNumber).toBe(i.idNumber);
  });
});
