import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

/** `teacher-sync serve` as an operator runs it: its own process, stopped by a signal. */
describe('teacher-sync serve', () => {
  let h: Harness;
  let dir: string;
  let policyFile: string;
  const secrets = { CONSOLE_CLIENT_SECRET: 'client-secret', CONSOLE_SESSION_SECRET: 'a-session-secret-of-32-characters!' };

  beforeAll(async () => {
    h = await startHarness('sqlite', { teachers: 50 });
    dir = mkdtempSync(join(tmpdir(), 'ts-serve-'));
    const policy = parseDocument(readFileSync(h.env['TEACHER_SYNC_CONFIG'] ?? '', 'utf8'));
    // The provider need not answer until someone signs in: discovery happens then.
    policy.set('console', { publicUrl: 'http://127.0.0.1:1', issuer: 'http://127.0.0.1:2', allowHttpOnLoopback: true, roles: { ops: { role: 'province' } } });
    policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, policy.toString());
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz, sends visitors to sign in, and stops on SIGTERM with exit 0', async () => {
    const serve = h.spawnCli(['serve', '--port', '0'], { ...secrets, TEACHER_SYNC_CONFIG: policyFile, LOG_LEVEL: 'warn' });
    const started = Date.now();
    let url: string | undefined;
    while (!url && Date.now() - started < 30_000) {
      url = /console on (http:\/\/[^\s]+)/.exec(serve.stdout())?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, serve.stdout()).toBeDefined();
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const page = await fetch(`${url}/overview`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2Foverview');
    serve.kill('SIGTERM');
    expect((await serve.done).code).toBe(0);
  }, 60_000);

  it('names every missing console setting and exits 2', async () => {
    const r = await h.cli(['serve']);
    expect(r.code).toBe(2);
    for (const name of ['CONSOLE_CLIENT_SECRET', 'CONSOLE_SESSION_SECRET', 'console.issuer', 'console.publicUrl', 'console.roles']) expect(r.stderr).toContain(name);
  });
});
