import http from 'node:http';
import type { LookupFunction } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PlatformError } from '../../src/platforms/errors.js';
import { createHttpClient, type HttpCallEvent } from '../../src/platforms/http/http-client.js';
import { freePort } from '../support/services.js';

/** A resolver that fails `failures` times with `code`, then resolves every name to loopback. */
function flakyResolver(code: string, failures: number): { lookup: LookupFunction; asked: string[] } {
  const asked: string[] = [];
  const lookup = ((hostname: string, options: { all?: boolean }, cb: (...a: unknown[]) => void) => {
    asked.push(hostname);
    if (asked.length <= failures) {
      const err = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, errno: -3008, syscall: 'getaddrinfo', hostname });
      process.nextTick(() => cb(err));
    } else if (options.all) process.nextTick(() => cb(null, [{ address: '127.0.0.1', family: 4 }]));
    else process.nextTick(() => cb(null, '127.0.0.1', 4));
  }) as unknown as LookupFunction;
  return { lookup, asked };
}

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const RETRIES = 3;

async function failure(baseUrl: string, lookup?: LookupFunction): Promise<{ error: PlatformError; calls: HttpCallEvent[] }> {
  const calls: HttpCallEvent[] = [];
  const client = createHttpClient({
    platform: 'ttp', baseUrl, retries: RETRIES, minRetryDelayMs: 5, maxRetryDelayMs: 10, onCall: (e) => calls.push(e), ...(lookup ? { lookup } : {}),
  });
  try {
    await client.get('/teachers', {}, z.unknown());
    throw new Error('the call succeeded');
  } catch (e) {
    if (!(e instanceof PlatformError)) throw e;
    return { error: e, calls };
  } finally {
    client.close();
  }
}

describe('a platform host whose name does not resolve', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN'])('%s is retried as often as a refused connection, then reported as a transient network error naming the host', async (code) => {
    const refused = await failure(`http://127.0.0.1:${await freePort()}`);
    const dns = await failure('http://ttp.platform.internal:8080', flakyResolver(code, Infinity).lookup);
    expect(refused.calls).toHaveLength(RETRIES + 1);
    expect(dns.calls).toHaveLength(refused.calls.length);
    expect(dns.error.code).toBe('PLATFORM_NETWORK');
    expect(dns.error.retryable).toBe(true);
    expect(dns.error.message).toBe(`ttp GET /teachers: transient network error: the name ttp.platform.internal did not resolve (${code})`);
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('a %s hiccup that passes is ridden out', async (code) => {
    const resolver = flakyResolver(code, 2);
    const client = createHttpClient({ platform: 'srp', baseUrl: `http://srp.platform.internal:${port}`, retries: RETRIES, minRetryDelayMs: 5, maxRetryDelayMs: 10, lookup: resolver.lookup });
    try {
      await expect(client.get('/schools', {}, z.object({ ok: z.boolean() }))).resolves.toEqual({ ok: true });
      expect(resolver.asked).toEqual(['srp.platform.internal', 'srp.platform.internal', 'srp.platform.internal']);
    } finally {
      client.close();
    }
  });
});
