import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateWorld, residentIdCheckChar, startSimulators, type Simulators, type SourceTeacherWire } from '../../src/simulators/index.js';
import { isValidResidentId } from '../../src/simulators/resident-id.js';

const CLIENT = { client_id: 'teacher-sync', client_secret: 'secret' };

/** A valid resident ID number from its first 17 digits. */
const rid = (first17: string) => first17 + residentIdCheckChar(first17);
const ID_A = rid('33010219800101123');
const ID_B = rid('33010619751201002');
const ID_C = rid('33038219900517404');

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string | null, T[]> {
  const out = new Map<string | null, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

async function token(base: string, creds: Record<string, string> = CLIENT): Promise<string> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...creds }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
  expect(body.token_type).toBe('Bearer');
  return body.access_token;
}

async function call(url: string, tok: string | null, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Follows nextCursor to the end, as a client does. */
async function pullAll<T>(url: string, tok: string | null, limit: number, extra = ''): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = `limit=${limit}${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await call(`${url}?${q}`, tok);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    items.push(...(r.body.data as T[]));
    cursor = r.body.nextCursor as string | null;
    pages++;
  } while (cursor);
  return { items, pages };
}

function account(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: '张三', idType: 'resident_id', idNumber: ID_A, gender: 'M', mobile: '13800000000', email: null, status: 'active', ...over };
}

describe('simulators', () => {
  let sims: Simulators;
  let activeSchool: string;

  beforeAll(async () => {
    sims = await startSimulators({ seed: 5, teachers: 400 });
    activeSchool = sims.srp.schools().find((s) => s.status === 'active')!.schoolId;
  });
  afterAll(async () => {
    await sims.close();
  });
  beforeEach(() => {
    for (const sim of [sims.ttp, sims.registry, sims.srp]) sim.faults = {};
  });

  describe('OAuth client credentials', () => {
    it('issues tokens, refuses wrong clients, missing, revoked and expired tokens', async () => {
      const wrong = await fetch(`${sims.urls.ttp}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'teacher-sync', client_secret: 'nope' }),
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ code: 'INVALID_CLIENT' });

      expect((await call(`${sims.urls.ttp}/api/v1/teachers`, null)).status).toBe(401);
      const before = sims.ttp.stats.tokensIssued;
      const tok = await token(sims.urls.ttp);
      expect(sims.ttp.stats.tokensIssued).toBe(before + 1);
      expect((await call(`${sims.urls.ttp}/api/v1/teachers?limit=1`, tok)).status).toBe(200);

      sims.ttp.revokeTokens();
      const revoked = await call(`${sims.urls.ttp}/api/v1/teachers?limit=1`, tok);
      expect(revoked.status).toBe(401);
      expect(revoked.body).toMatchObject({ code: 'TOKEN_REVOKED' });

      const fresh = await token(sims.urls.ttp);
      expect((await call(`${sims.urls.ttp}/api/v1/teachers?limit=1`, fresh)).status).toBe(200);
      sims.ttp.setNow(Date.now() + 7201_000);
      try {
        const expired = await call(`${sims.urls.ttp}/api/v1/teachers?limit=1`, fresh);
        expect(expired.body).toMatchObject({ code: 'TOKEN_EXPIRED' });
      } finally {
        sims.ttp.setNow(null);
      }
    });

    it('guards the student-record platform too, with its own tokens', async () => {
      const ttpToken = await token(sims.urls.ttp);
      expect((await call(`${sims.urls.srp}/api/v1/schools`, ttpToken)).status).toBe(401);
      const tok = await token(sims.urls.srp);
      expect((await call(`${sims.urls.srp}/api/v1/schools?limit=5`, tok)).status).toBe(200);
    });
  });

  describe('teacher-training platform', () => {
    it('pages through every record exactly once, whatever the page size', async () => {
      const tok = await token(sims.urls.ttp);
      const expected = sims.ttp.list().map((t) => t.teacherId);
      for (const limit of [1000, 37]) {
        const { items, pages } = await pullAll<SourceTeacherWire>(`${sims.urls.ttp}/api/v1/teachers`, tok, limit);
        expect(items.map((t) => t.teacherId)).toEqual(expected);
        expect(pages).toBe(Math.ceil(expected.length / limit));
      }
    });

    it('refuses bad limits, cursors and timestamps with the contract error body', async () => {
      const tok = await token(sims.urls.ttp);
      for (const q of ['limit=0', 'limit=1001', 'limit=ten']) {
        const r = await call(`${sims.urls.ttp}/api/v1/teachers?${q}`, tok);
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ code: 'INVALID_LIMIT', message: expect.any(String) });
      }
      expect((await call(`${sims.urls.ttp}/api/v1/teachers?cursor=bm9wZQ`, tok)).body.code).toBe('INVALID_CURSOR');
      expect((await call(`${sims.urls.ttp}/api/v1/teachers?updatedSince=yesterday`, tok)).status).toBe(400);
      expect((await call(`${sims.urls.ttp}/api/v1/nothing`, tok)).status).toBe(404);
    });

    it('lists only records updated at or after updatedSince, and forgets removed ones', async () => {
      const tok = await token(sims.urls.ttp);
      const [a, b, c] = sims.ttp.list().slice(0, 3);
      const at = Date.parse('2027-01-15T09:30:00+08:00');
      sims.ttp.setNow(at);
      try {
        sims.ttp.update(a!.teacherId, { status: 'left' });
        sims.ttp.update(b!.teacherId, { mobile: '13912345678' });
      } finally {
        sims.ttp.setNow(null);
      }
      expect(sims.ttp.get(a!.teacherId)?.updatedAt).toBe('2027-01-15T09:30:00+08:00');
      for (const since of ['2027-01-15T09:30:00+08:00', '2027-01-15T01:30:00.000Z']) {
        const { items } = await pullAll<SourceTeacherWire>(`${sims.urls.ttp}/api/v1/teachers`, tok, 1, `&updatedSince=${encodeURIComponent(since)}`);
        expect(items.map((t) => [t.teacherId, t.status])).toEqual([[a!.teacherId, 'left'], [b!.teacherId, b!.status]]);
      }
      const later = await call(`${sims.urls.ttp}/api/v1/teachers?updatedSince=${encodeURIComponent('2027-01-15T09:30:01+08:00')}`, tok);
      expect(later.body).toEqual({ data: [], nextCursor: null });

      sims.ttp.remove(c!.teacherId);
      const { items } = await pullAll<SourceTeacherWire>(`${sims.urls.ttp}/api/v1/teachers`, tok, 1000);
      expect(items.some((t) => t.teacherId === c!.teacherId)).toBe(false);
      expect(items).toHaveLength(sims.ttp.list().length);
      sims.ttp.upsert(c!);
    });
  });

  describe('institution registry', () => {
    it('pages by province without auth and writes the same as CSV', async () => {
      const { items } = await pullAll<{ code: string }>(`${sims.urls.registry}/api/v1/institutions`, null, 7, '&provinceCode=33');
      expect(items.map((i) => i.code)).toEqual(sims.registry.list().map((i) => i.code));
      expect((await call(`${sims.urls.registry}/api/v1/institutions?provinceCode=11`, null)).body).toEqual({ data: [], nextCursor: null });
      const csv = sims.registry.toCsv().trimEnd().split('\n');
      expect(csv[0]).toBe('code,name,countyCode,category,status');
      expect(csv).toHaveLength(items.length + 1);
    });
  });

  describe('student-record platform', () => {
    let tok: string;
    beforeAll(async () => {
      tok = await token(sims.urls.srp);
    });
    const put = (externalId: string, body: Record<string, unknown>) =>
      call(`${sims.urls.srp}/api/v1/teacher-accounts/${encodeURIComponent(externalId)}`, tok, { method: 'PUT', body });

    it('creates with 201, replaces with 200, and keeps one account per person', async () => {
      const created = await put('X-1', account({ schoolId: activeSchool }));
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ externalId: 'X-1', accountId: expect.stringMatching(/^A\d{8}$/), username: 'tx1' });
      const again = await put('X-1', account({ schoolId: activeSchool, status: 'disabled' }));
      expect(again.status).toBe(200);
      expect(again.body.accountId).toBe(created.body.accountId);
      expect(sims.srp.account('X-1')?.status).toBe('disabled');

      const twin = await put('X-2', account({ schoolId: activeSchool }));
      expect(twin.status).toBe(409);
      expect(twin.body).toMatchObject({ code: 'ID_NUMBER_CONFLICT', existingExternalId: 'X-1', existingAccountId: created.body.accountId });
    });

    it('answers 404 for unknown or inactive schools and 422 naming the bad field', async () => {
      expect((await put('X-3', account({ idNumber: ID_B, schoolId: 'S9999999' }))).body).toMatchObject({ code: 'SCHOOL_NOT_FOUND' });
      const closed = { ...sims.srp.schools()[0]!, schoolId: 'S0000001', status: 'inactive' as const };
      sims.srp.upsertSchool(closed);
      expect((await put('X-3', account({ idNumber: ID_B, schoolId: 'S0000001' }))).status).toBe(404);

      const cases: [Record<string, unknown>, string][] = [
        [{ name: ' ' }, 'name'],
        [{ idNumber: `${rid('11010519491231002').slice(0, 17)}x` }, 'idNumber'],
        [{ idNumber: `${ID_B.slice(0, 17)}${ID_B.endsWith('1') ? '2' : '1'}` }, 'idNumber'],
        [{ idNumber: ID_B.slice(0, 6) + ID_B.slice(8, 17) }, 'idNumber'],
        [{ idType: 'drivers_licence' }, 'idType'],
        [{ status: 'left' }, 'status'],
        [{ mobile: '12345' }, 'mobile'],
        [{ schoolId: undefined }, 'schoolId'],
      ];
      for (const [over, field] of cases) {
        const r = await put('X-4', account({ schoolId: activeSchool, ...over }));
        expect(r.status, field).toBe(422);
        expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
      }
      expect((await put('bad id!', account({ schoolId: activeSchool }))).body.field).toBe('externalId');
    });

    it('binds an externalId to a hand-made account only for the same person', async () => {
      const manual = sims.srp.createManualAccount({ name: '李四', idType: 'passport', idNumber: 'E12345678', schoolId: activeSchool });
      expect(manual.externalId).toBeNull();
      const blind = await put('X-5', account({ idType: 'passport', idNumber: 'E12345678', schoolId: activeSchool }));
      expect(blind.body).toMatchObject({ code: 'ID_NUMBER_CONFLICT', existingExternalId: null, existingAccountId: manual.accountId });
      const other = await put('X-5', account({ idNumber: ID_B, schoolId: activeSchool, accountId: manual.accountId }));
      expect(other.status).toBe(422);
      const bound = await put('X-5', account({ idType: 'passport', idNumber: 'E12345678', schoolId: activeSchool, accountId: manual.accountId }));
      expect(bound.status).toBe(200);
      expect(bound.body.accountId).toBe(manual.accountId);
      expect(sims.srp.account('X-5')?.accountId).toBe(manual.accountId);

      const elsewhere = sims.srp.schools().find((s) => s.status === 'active' && s.schoolId !== activeSchool)!;
      sims.srp.moveAccount(manual.accountId, elsewhere.schoolId);
      expect(sims.srp.account('X-5')?.schoolId).toBe(elsewhere.schoolId);
    });

    it('answers a batch item by item in order, and refuses more than 500 items with 413', async () => {
      const calls = sims.srp.stats.batchCalls;
      const items = [
        { externalId: 'B-1', ...account({ idNumber: ID_B, schoolId: activeSchool }) },
        { externalId: 'B-2', ...account({ idNumber: ID_B, schoolId: activeSchool }) },
        { externalId: 'B-3', ...account({ idNumber: ID_C, schoolId: 'S9999999' }) },
        { externalId: 'B-4', ...account({ idNumber: 'nonsense', schoolId: activeSchool }) },
        { externalId: 'B-1', ...account({ idNumber: ID_B, schoolId: activeSchool, status: 'disabled' }) },
        { ...account({ idNumber: ID_C, schoolId: activeSchool }) },
      ];
      const logged = sims.srp.pushLog.length;
      const r = await call(`${sims.urls.srp}/api/v1/teacher-accounts/batch`, tok, { method: 'POST', body: { items } });
      expect(r.status).toBe(200);
      expect(r.body.results.map((x: { externalId: string | null; status: number }) => [x.externalId, x.status])).toEqual([
        ['B-1', 201], ['B-2', 409], ['B-3', 404], ['B-4', 422], ['B-1', 200], [null, 422],
      ]);
      expect(r.body.results[1].error).toMatchObject({ code: 'ID_NUMBER_CONFLICT', existingExternalId: 'B-1' });
      expect(r.body.results[3].error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'idNumber' });
      expect(sims.srp.pushLog.slice(logged).map((e) => e.status)).toEqual([201, 409, 404, 422, 200, 422]);
      expect(sims.srp.stats.batchCalls).toBe(calls + 1);

      const big = Array.from({ length: 501 }, (_, i) => ({ externalId: `L-${i}`, ...account({ schoolId: activeSchool }) }));
      const tooBig = await call(`${sims.urls.srp}/api/v1/teacher-accounts/batch`, tok, { method: 'POST', body: { items: big } });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });

    it('lists accounts and schools in pages', async () => {
      const accounts = await pullAll<{ externalId: string | null; accountId: string }>(`${sims.urls.srp}/api/v1/teacher-accounts`, tok, 2);
      expect(accounts.items.map((a) => a.accountId)).toEqual(sims.srp.accounts().map((a) => a.accountId));
      const schools = await pullAll<{ schoolId: string }>(`${sims.urls.srp}/api/v1/schools`, tok, 9);
      expect(schools.items.map((s) => s.schoolId)).toEqual(sims.srp.schools().map((s) => s.schoolId));
    });
  });

  describe('faults', () => {
    it('answers 5xx at errorRate 1 and 429 with Retry-After at rateLimitRate 1', async () => {
      const tok = await token(sims.urls.ttp);
      const injected = sims.ttp.stats.faultsInjected;
      sims.ttp.faults.errorRate = 1;
      const e = await call(`${sims.urls.ttp}/api/v1/teachers`, tok);
      expect([500, 502, 503]).toContain(e.status);
      expect(e.body).toMatchObject({ code: expect.stringMatching(/^[A-Z_]+$/) });
      sims.ttp.faults = { rateLimitRate: 1, retryAfterSeconds: 3 };
      const limited = await call(`${sims.urls.ttp}/api/v1/teachers`, tok);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
      expect(sims.ttp.stats.faultsInjected).toBe(injected + 2);
    });

    it('resets the connection at resetRate 1 and never answers at hangRate 1', async () => {
      sims.registry.faults.resetRate = 1;
      await expect(fetch(`${sims.urls.registry}/api/v1/institutions`)).rejects.toThrow();
      sims.registry.faults = { hangRate: 1 };
      const started = Date.now();
      await expect(fetch(`${sims.urls.registry}/api/v1/institutions`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    });

    it('delays answers, and batches by batchDelayMs', async () => {
      sims.registry.faults.delayMs = 200;
      let started = Date.now();
      expect((await call(`${sims.urls.registry}/api/v1/institutions?limit=1`, null)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      const tok = await token(sims.urls.srp);
      sims.srp.faults.batchDelayMs = 200;
      started = Date.now();
      expect((await call(`${sims.urls.srp}/api/v1/teacher-accounts/batch`, tok, { method: 'POST', body: { items: [] } })).body).toEqual({ results: [] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('cuts off the next page once: truncated on the wire, or complete but invalid JSON', async () => {
      const tok = await token(sims.urls.ttp);
      const url = `${sims.urls.ttp}/api/v1/teachers?limit=50`;
      sims.ttp.faults.truncateNextPage = true;
      await expect(fetch(url, { headers: { authorization: `Bearer ${tok}` } }).then((r) => r.text())).rejects.toThrow();
      expect(sims.ttp.faults.truncateNextPage).toBe(false);

      sims.ttp.faults.invalidJsonNextPage = true;
      const res = await fetch(url, { headers: { authorization: `Bearer ${tok}` } });
      expect(res.status).toBe(200);
      await expect(res.json()).rejects.toThrow(SyntaxError);
      expect((await call(url, tok)).body.data).toHaveLength(50);
    });
  });
});

describe('generator', () => {
  it('gives the same world for the same seed and options, another for another seed', () => {
    const a = generateWorld({ seed: 11, teachers: 1500 });
    const b = generateWorld({ seed: 11, teachers: 1500 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect([...b.anomalies]).toEqual([...a.anomalies]);
    const c = generateWorld({ seed: 12, teachers: 1500 });
    expect(JSON.stringify(c.teachers)).not.toBe(JSON.stringify(a.teachers));
  });

  it('builds a consistent, realistically messy Zhejiang', () => {
    const w = generateWorld({ seed: 3, teachers: 4000 });
    expect(w.teachers).toHaveLength(4000);
    expect(w.institutions).toHaveLength(100);
    for (const i of w.institutions) {
      expect(i.code).toMatch(/^(11|21|31|34|36|51)33\d{6}$/);
      expect(i.countyCode).toMatch(/^33\d{4}$/);
    }
    expect(w.institutions.some((i) => i.status === 'revoked')).toBe(true);
    const schoolsByCode = groupBy(w.schools, (s) => s.institutionCode);
    expect(w.institutions.filter((i) => !schoolsByCode.has(i.code)).length).toBe(2);
    const multi = [...schoolsByCode.values()].filter((g) => g.length > 1);
    expect(multi.length).toBe(5);
    for (const g of multi) expect(new Set(g.map((s) => s.name)).size).toBe(1);

    expect(w.anomalies.size).toBe(Math.round(4000 * 0.08));
    const kinds = new Set([...w.anomalies.values()].map((a) => a.kind));
    expect(kinds.size).toBe(15);
    const clean = w.teachers.filter((t) => !w.anomalies.has(t.teacherId));
    for (const t of clean) {
      expect(isValidResidentId(t.idNumber ?? ''), t.idNumber ?? '').toBe(true);
      expect(t.mobile).toMatch(/^1[3-9]\d{9}$/);
      expect(t.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    }
    const statuses = groupBy(w.teachers, (t) => t.status);
    expect((statuses.get('active')?.length ?? 0) / 4000).toBeGreaterThan(0.9);
    for (const [id, a] of w.anomalies) {
      if (a.kind !== 'duplicate-person') continue;
      const dup = w.teachers.find((t) => t.teacherId === id)!;
      const first = w.teachers.find((t) => t.teacherId === a.of)!;
      expect(dup.idNumber).toBe(first.idNumber);
      expect(dup.updatedAt).not.toBe(first.updatedAt);
    }
  });

  it('generates 200,000 teachers quickly', () => {
    const started = performance.now();
    const w = generateWorld({ seed: 1, teachers: 200_000 });
    const ms = performance.now() - started;
    console.log(`generated ${w.teachers.length} teachers, ${w.institutions.length} institutions, ${w.schools.length} schools in ${ms.toFixed(0)} ms`);
    expect(w.teachers).toHaveLength(200_000);
  });
});

describe('simulators as a process of their own', () => {
  it('prints its URLs as one JSON line and stops on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../../src/simulators/cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--teachers', '100', '--seed', '2', '--port-base', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', () => reject(new Error(`exited before printing: ${out}`)));
    });
    const urls = JSON.parse(line) as { ttp: string; registry: string; srp: string };
    expect(urls.ttp).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await call(`${urls.registry}/api/v1/institutions?limit=1`, null);
    expect(r.body.data).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
