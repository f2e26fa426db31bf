import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PlatformError } from '../../src/platforms/errors.js';
import { createHttpClient, type HttpCallEvent, type HttpClientOptions, type TokenProvider } from '../../src/platforms/http/http-client.js';
import { parseRetryAfter } from '../../src/platforms/http/retry-after.js';
import { createTokenProvider } from '../../src/platforms/http/token-provider.js';
import { StudentRecordClient, type BatchItem } from '../../src/platforms/index.js';

/** A throwaway server: each request is recorded and answered by the test's handler. */
interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Handler = (req: Recorded, res: http.ServerResponse, n: number) => void;

interface TestServer {
  url: string;
  calls: Recorded[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const closers: (() => void)[] = [];

async function serve(handler: Handler): Promise<TestServer> {
  const calls: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      calls.push(rec);
      handler(rec, res, calls.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const s: TestServer = {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

afterEach(async () => {
  for (const c of closers.splice(0)) c();
  for (const s of servers.splice(0)) await s.close();
});

const okSchema = z.object({ ok: z.boolean() });
const fast = { minRetryDelayMs: 5, maxRetryDelayMs: 20, timeoutMs: 2000 } satisfies Partial<HttpClientOptions>;

function client(url: string, extra: Partial<HttpClientOptions> = {}) {
  const c = createHttpClient({ platform: 'ttp', baseUrl: url, ...fast, ...extra });
  closers.push(() => c.close());
  return c;
}

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PlatformError);
    return e as PlatformError;
  }
  throw new Error('expected the call to fail');
}

describe('http client: retries', () => {
  it('retries 5xx until an answer comes', async () => {
    const s = await serve((_req, res, n) => (n <= 2 ? json(res, 503, { code: 'DOWN', message: 'x' }) : json(res, 200, { ok: true })));
    await expect(client(s.url, { retries: 3 }).get('/x', {}, okSchema)).resolves.toEqual({ ok: true });
    expect(s.calls).toHaveLength(3);
  });

  it('gives up after the retry limit with PLATFORM_5XX', async () => {
    const s = await serve((_req, res) => json(res, 500, { code: 'BOOM', message: 'x' }));
    const err = await failure(client(s.url, { retries: 2 }).get('/x', {}, okSchema));
    expect(err.code).toBe('PLATFORM_5XX');
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(true);
    expect(err.platform).toBe('ttp');
    expect(s.calls).toHaveLength(3);
  });

  it('does not retry a 4xx, and keeps the server code apart from the message', async () => {
    const s = await serve((_req, res) => json(res, 422, { code: 'VALIDATION_FAILED', message: 'idNumber 330102198001011234 is bad', field: 'idNumber' }));
    const err = await failure(client(s.url, { retries: 5 }).post('/x', { idNumber: '330102198001011234' }, okSchema));
    expect(s.calls).toHaveLength(1);
    expect(err.code).toBe('PLATFORM_4XX');
    expect(err.retryable).toBe(false);
    expect(err.serverError).toMatchObject({ code: 'VALIDATION_FAILED', field: 'idNumber' });
    expect(err.message).toContain('VALIDATION_FAILED');
    expect(err.message).not.toContain('330102198001011234');
    expect(String(err.stack)).not.toContain('330102198001011234');
  });

  it('maps 413 to PLATFORM_TOO_LARGE without retrying', async () => {
    const s = await serve((_req, res) => json(res, 413, { code: 'TOO_MANY_ITEMS', message: 'x' }));
    const err = await failure(client(s.url).post('/x', {}, okSchema));
    expect(err.code).toBe('PLATFORM_TOO_LARGE');
    expect(s.calls).toHaveLength(1);
  });

  it('honours Retry-After on 429: waits at least that long', async () => {
    const s = await serve((_req, res, n) =>
      n === 1 ? json(res, 429, { code: 'RATE_LIMITED', message: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: true }),
    );
    const started = performance.now();
    await client(s.url, { retries: 2 }).get('/x', {}, okSchema);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(s.calls).toHaveLength(2);
  });

  it('honours Retry-After on 503 but caps it at maxRetryAfterMs', async () => {
    const s = await serve((_req, res, n) =>
      n === 1 ? json(res, 503, { code: 'MAINTENANCE', message: 'x' }, { 'retry-after': '3600' }) : json(res, 200, { ok: true }),
    );
    const started = performance.now();
    await client(s.url, { retries: 2, maxRetryAfterMs: 300 }).get('/x', {}, okSchema);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3000);
  });

  it('retries a body that is not JSON or does not fit the schema, then gives up with PLATFORM_SCHEMA', async () => {
    const s = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok": tr');
      } else if (n === 2) json(res, 200, { ok: true });
      else json(res, 200, { ok: 'yes' });
    });
    const c = client(s.url, { retries: 2 });
    await expect(c.get('/x', {}, okSchema)).resolves.toEqual({ ok: true });
    expect(s.calls).toHaveLength(2);
    const err = await failure(c.get('/x', {}, okSchema));
    expect(err.code).toBe('PLATFORM_SCHEMA');
    expect(err.message).toContain('ok');
    expect(s.calls).toHaveLength(5);
  });

  it('times out a hung call and retries it', async () => {
    const s = await serve((_req, res, n) => {
      if (n === 1) return; // never answers
      json(res, 200, { ok: true });
    });
    const events: HttpCallEvent[] = [];
    const started = performance.now();
    await expect(client(s.url, { timeoutMs: 150, retries: 2, onCall: (e) => events.push(e) }).get('/x', {}, okSchema)).resolves.toEqual({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(s.calls).toHaveLength(2);
    expect(events.map((e) => e.error ?? e.status)).toEqual(['PLATFORM_TIMEOUT', 200]);
  });

  it('reports PLATFORM_TIMEOUT when every attempt hangs', async () => {
    const s = await serve(() => {});
    const err = await failure(client(s.url, { timeoutMs: 80, retries: 1 }).get('/x', {}, okSchema));
    expect(err.code).toBe('PLATFORM_TIMEOUT');
    expect(s.calls).toHaveLength(2);
  });

  it('retries a connection reset', async () => {
    const s = await serve((_req, res, n) => {
      if (n === 1) res.socket?.destroy();
      else json(res, 200, { ok: true });
    });
    await expect(client(s.url, { retries: 2 }).get('/x', {}, okSchema)).resolves.toEqual({ ok: true });
    expect(s.calls).toHaveLength(2);
  });

  it('retries a body cut off half way', async () => {
    const s = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"ok":');
        setTimeout(() => res.socket?.destroy(), 10);
      } else json(res, 200, { ok: true });
    });
    await expect(client(s.url, { retries: 2 }).get('/x', {}, okSchema)).resolves.toEqual({ ok: true });
    expect(s.calls).toHaveLength(2);
  });

  it('retries a refused connection, then reports PLATFORM_NETWORK', async () => {
    const s = await serve(() => {});
    const url = s.url;
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const events: HttpCallEvent[] = [];
    const err = await failure(client(url, { retries: 2, onCall: (e) => events.push(e) }).get('/x', {}, okSchema));
    expect(err.code).toBe('PLATFORM_NETWORK');
    expect(err.retryable).toBe(true);
    expect(events).toHaveLength(3);
  });

  it('stops waiting when the caller aborts, with the abort reason', async () => {
    const s = await serve((_req, res) => json(res, 503, { code: 'DOWN', message: 'x' }, { 'retry-after': '30' }));
    const ac = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => ac.abort(reason), 100);
    const started = performance.now();
    await expect(client(s.url, { retries: 5 }).get('/x', {}, okSchema, ac.signal)).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s.calls).toHaveLength(1);
  });

  it('sends query parameters, leaving out the unset ones, and reports each exchange', async () => {
    const s = await serve((_req, res) => json(res, 200, { ok: true }));
    const events: HttpCallEvent[] = [];
    await client(s.url, { onCall: (e) => events.push(e) }).get('/api/v1/teachers', { cursor: undefined, limit: 10, updatedSince: '2026-11-20T02:00:00+08:00' }, okSchema);
    const u = new URL(s.calls[0]!.url, s.url);
    expect(u.pathname).toBe('/api/v1/teachers');
    expect(u.searchParams.has('cursor')).toBe(false);
    expect(u.searchParams.get('limit')).toBe('10');
    expect(u.searchParams.get('updatedSince')).toBe('2026-11-20T02:00:00+08:00');
    expect(events).toEqual([{ platform: 'ttp', method: 'GET', path: '/api/v1/teachers', status: 200, ms: expect.any(Number) }]);
  });

  it('puts JSON and returns the status', async () => {
    const s = await serve((req, res) => json(res, 201, { ok: req.headers['content-type']?.startsWith('application/json') ?? false }));
    await expect(client(s.url).put('/a/b', { x: 1 }, okSchema)).resolves.toEqual({ status: 201, data: { ok: true } });
    expect(JSON.parse(s.calls[0]!.body)).toEqual({ x: 1 });
    expect(s.calls[0]!.method).toBe('PUT');
  });
});

describe('http client: bearer tokens', () => {
  function fakeTokens(): TokenProvider & { issued: number; invalidated: string[] } {
    let current: string | null = null;
    const t = {
      issued: 0,
      invalidated: [] as string[],
      getToken: async () => {
        if (current === null) {
          t.issued++;
          current = `t${t.issued}`;
        }
        return current;
      },
      invalidate: (token?: string) => {
        t.invalidated.push(token ?? '*');
        if (token === undefined || token === current) current = null;
      },
    };
    return t;
  }

  it('on a 401 renews the token once and tries again without spending a retry', async () => {
    const s = await serve((req, res) => (req.headers.authorization === 'Bearer t1' ? json(res, 401, { code: 'TOKEN_REVOKED', message: 'x' }) : json(res, 200, { ok: true })));
    const tokens = fakeTokens();
    await expect(client(s.url, { retries: 0, tokenProvider: tokens }).get('/x', {}, okSchema)).resolves.toEqual({ ok: true });
    expect(s.calls.map((c) => c.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(tokens.invalidated).toEqual(['t1']);
  });

  it('a second 401 in a row is PLATFORM_AUTH and is not retried', async () => {
    const s = await serve((_req, res) => json(res, 401, { code: 'UNAUTHORIZED', message: 'x' }));
    const tokens = fakeTokens();
    const err = await failure(client(s.url, { retries: 4, tokenProvider: tokens }).get('/x', {}, okSchema));
    expect(err.code).toBe('PLATFORM_AUTH');
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
    expect(s.calls).toHaveLength(2);
  });

  it('a 401 after a retried 5xx still gets its one renewal', async () => {
    const s = await serve((req, res, n) => {
      if (n === 1) return json(res, 502, { code: 'BAD_GATEWAY', message: 'x' });
      if (req.headers.authorization === 'Bearer t1') return json(res, 401, { code: 'TOKEN_REVOKED', message: 'x' });
      json(res, 200, { ok: true });
    });
    await expect(client(s.url, { retries: 1, tokenProvider: fakeTokens() }).get('/x', {}, okSchema)).resolves.toEqual({ ok: true });
    expect(s.calls).toHaveLength(3);
  });
});

describe('token provider', () => {
  function tokenServer(opts: { expiresIn?: number; delayMs?: number; status?: number } = {}) {
    let n = 0;
    return serve((req, res) => {
      if (req.url === '/oauth/token') {
        if (opts.status) return json(res, opts.status, { code: 'INVALID_CLIENT', message: 'bad secret' });
        n++;
        const answer = () => json(res, 200, { access_token: `tok-${n}`, token_type: 'Bearer', expires_in: opts.expiresIn ?? 7200 });
        if (opts.delayMs) setTimeout(answer, opts.delayMs);
        else answer();
        return;
      }
      json(res, 200, { ok: true });
    });
  }

  function provider(url: string, now?: () => number) {
    const p = createTokenProvider({ platform: 'srp', baseUrl: url, clientId: 'teacher-sync', clientSecret: 's3cret&=', ...(now ? { now } : {}) });
    closers.push(() => p.close());
    return p;
  }

  it('posts client credentials form-encoded and caches the token', async () => {
    const s = await tokenServer();
    const p = provider(s.url);
    expect(await p.getToken()).toBe('tok-1');
    expect(await p.getToken()).toBe('tok-1');
    expect(s.calls).toHaveLength(1);
    const call = s.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const form = new URLSearchParams(call.body);
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', client_id: 'teacher-sync', client_secret: 's3cret&=' });
  });

  it('shares one request among concurrent callers', async () => {
    const s = await tokenServer({ delayMs: 50 });
    const p = provider(s.url);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => p.getToken()));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(s.calls).toHaveLength(1);
  });

  it('renews 60 s before expiry, by the injected clock', async () => {
    const s = await tokenServer({ expiresIn: 3600 });
    let clock = 1_000_000;
    const p = provider(s.url, () => clock);
    expect(await p.getToken()).toBe('tok-1');
    clock += 3600_000 - 60_001;
    expect(await p.getToken()).toBe('tok-1');
    clock += 2;
    expect(await p.getToken()).toBe('tok-2');
    // A clock that goes backwards keeps the token it has.
    clock -= 86_400_000;
    expect(await p.getToken()).toBe('tok-2');
    expect(s.calls).toHaveLength(2);
  });

  it('invalidate(token) drops only that token', async () => {
    const s = await tokenServer();
    const p = provider(s.url);
    const first = await p.getToken();
    p.invalidate(first);
    const second = await p.getToken();
    expect(second).toBe('tok-2');
    p.invalidate(first); // a late caller with the old token
    expect(await p.getToken()).toBe('tok-2');
    p.invalidate();
    expect(await p.getToken()).toBe('tok-3');
  });

  it('refused credentials are PLATFORM_AUTH, and the secret appears nowhere in the error', async () => {
    const s = await tokenServer({ status: 401 });
    const err = await failure(provider(s.url).getToken());
    expect(err.code).toBe('PLATFORM_AUTH');
    expect(err.retryable).toBe(false);
    const seen = JSON.stringify({ message: err.message, stack: err.stack, cause: String(err.cause), props: { ...err } });
    expect(seen).not.toContain('s3cret');
  });

  it('plugs into the HTTP client: one token request for many calls', async () => {
    const s = await tokenServer();
    const p = provider(s.url);
    const c = client(s.url, { tokenProvider: p });
    await Promise.all([c.get('/a', {}, okSchema), c.get('/b', {}, okSchema), c.get('/c', {}, okSchema)]);
    expect(s.calls.filter((x) => x.url === '/oauth/token')).toHaveLength(1);
    expect(s.calls.filter((x) => x.url !== '/oauth/token').every((x) => x.headers.authorization === 'Bearer tok-1')).toBe(true);
  });
});

describe('Retry-After parsing', () => {
  it.each([
    ['seconds', '5', 5000],
    ['zero', '0', 0],
    ['padded', ' 2 ', 2000],
    ['garbage', 'soon', undefined],
    ['absent', undefined, undefined],
    ['HTTP date', 'Fri, 20 Nov 2026 02:00:10 GMT', 10_000],
    ['date in the past', 'Fri, 20 Nov 2026 01:00:00 GMT', 0],
  ])('%s', (_label, value, expected) => {
    expect(parseRetryAfter(value, Date.parse('2026-11-20T02:00:00Z'))).toBe(expected);
  });
});

describe('student-record client over HTTP', () => {
  const item = (externalId: string): BatchItem => ({
    externalId, name: '张三', idType: 'resident_id', idNumber: '33010219800101123X', gender: 'M',
    mobile: null, email: null, schoolId: 'S1', status: 'active',
  });

  async function srp(handler: Handler) {
    const s = await serve((req, res, n) => {
      if (req.url === '/oauth/token') return json(res, 200, { access_token: 'tok', token_type: 'Bearer', expires_in: 7200 });
      handler(req, res, n);
    });
    const c = new StudentRecordClient({ baseUrl: s.url, clientId: 'teacher-sync', clientSecret: 'secret', ...fast, retries: 2 });
    closers.push(() => c.close());
    return { s, c };
  }

  it('refuses more than 500 items without calling the platform', async () => {
    const { s, c } = await srp((_req, res) => json(res, 200, { results: [] }));
    const err = await failure(c.pushBatch(Array.from({ length: 501 }, (_, i) => item(`T${i}`))));
    expect(err.code).toBe('PLATFORM_TOO_LARGE');
    expect(err.message).toContain('500');
    expect(s.calls).toHaveLength(0);
  });

  it('sends exactly the contract fields and maps per-item errors', async () => {
    const { s, c } = await srp((req, res) => {
      const body = JSON.parse(req.body) as { items: { externalId: string }[] };
      json(res, 200, {
        results: body.items.map((it, i) =>
          i === 0
            ? { externalId: it.externalId, status: 201, accountId: 'A1', username: 'zs1' }
            : { externalId: it.externalId, status: 409, error: { code: 'ID_NUMBER_CONFLICT', message: 'taken', existingExternalId: null, existingAccountId: 'A9' } },
        ),
      });
    });
    const results = await c.pushBatch([{ ...item('T1'), ...{ secretExtra: 'x' } } as BatchItem, item('T2')]);
    expect(results).toEqual([
      { externalId: 'T1', status: 201, accountId: 'A1', username: 'zs1' },
      { externalId: 'T2', status: 409, error: { code: 'ID_NUMBER_CONFLICT', message: 'taken', existingExternalId: null, existingAccountId: 'A9' } },
    ]);
    const sent = JSON.parse(s.calls.find((x) => x.url.endsWith('/batch'))!.body) as { items: Record<string, unknown>[] };
    expect(Object.keys(sent.items[0]!).sort()).toEqual(['email', 'externalId', 'gender', 'idNumber', 'idType', 'mobile', 'name', 'schoolId', 'status']);
  });

  it('treats results out of order or missing as PLATFORM_SCHEMA (retried, then failed)', async () => {
    const { s, c } = await srp((req, res) => {
      const body = JSON.parse(req.body) as { items: { externalId: string }[] };
      json(res, 200, { results: body.items.map((it) => ({ externalId: it.externalId, status: 200 })).reverse() });
    });
    const err = await failure(c.pushBatch([item('T1'), item('T2')]));
    expect(err.code).toBe('PLATFORM_SCHEMA');
    expect(s.calls.filter((x) => x.url.endsWith('/batch'))).toHaveLength(3);
  });

  it('putAccount returns 201 then 200, and a 409 carries the existing account', async () => {
    const { c } = await srp((_req, res, n) => {
      if (n <= 3) return json(res, n === 2 ? 201 : 200, { externalId: 'T 1', accountId: 'A1', username: 'zs' });
      json(res, 409, { code: 'ID_NUMBER_CONFLICT', message: 'x', existingExternalId: 'T9', existingAccountId: 'A9' });
    });
    expect(await c.putAccount('T 1', item('T 1'))).toEqual({ status: 201, externalId: 'T 1', accountId: 'A1', username: 'zs' });
    expect(await c.putAccount('T 1', item('T 1'))).toMatchObject({ status: 200 });
    const err = await failure(c.putAccount('T2', item('T2')));
    expect(err.status).toBe(409);
    expect(err.code).toBe('PLATFORM_4XX');
    expect(err.serverError).toEqual({ code: 'ID_NUMBER_CONFLICT', message: 'x', existingExternalId: 'T9', existingAccountId: 'A9' });
  });
});
