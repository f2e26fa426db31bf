import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type Simulators } from '../../src/simulators/index.js';
import { createTestDatabase } from '../support/databases.js';
import { accountSnapshot, platformEnv, runInProcess, startHarness, summaryOf, type Harness } from '../support/harness.js';
import { makeTestCa, type TestCa } from '../support/tls-certs.js';

const SEED = 5;
const TEACHERS = 200;
const NOT_TRUSTED = /TLS certificate of the platform not trusted: UNABLE_TO_VERIFY_LEAF_SIGNATURE/;

/** Requests that reached any of the simulators' routes (a failed TLS handshake reaches none). */
const requests = (s: Simulators) => s.ttp.stats.total + s.registry.stats.total + s.srp.stats.total;

describe('TLS to the platforms with a configurable CA', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  /** The three simulators on HTTPS, with a certificate for 127.0.0.1 signed by `ca`; SQLite. */
  let h: Harness;
  /** The same world on plain HTTP. */
  let plain: Simulators;
  let dir: string;

  beforeAll(async () => {
    ca = makeTestCa('teacher-sync test CA');
    otherCa = makeTestCa('another CA');
    h = await startHarness('sqlite', { seed: SEED, teachers: TEACHERS, tls: ca.issue('IP:127.0.0.1,DNS:localhost') });
    plain = await startSimulators({ seed: SEED, teachers: TEACHERS });
    dir = mkdtempSync(join(tmpdir(), 'ts-tls-files-'));
  });
  afterAll(async () => {
    await h?.close();
    await plain?.close();
    ca?.dispose();
    otherCa?.dispose();
  });

  it('serves the simulators over https on 127.0.0.1', () => {
    for (const url of Object.values(h.sims.urls)) expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    for (const url of Object.values(plain.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a platform whose certificate does not chain to the CA file, names the problem and pushes nothing', async () => {
    for (const [label, extra] of [
      ['no CA file', {}],
      ['another CA', { PLATFORM_CA_FILE: otherCa.caFile }],
    ] as const) {
      const r = await h.cli(['sync', '--json'], extra);
      expect(r.code, `${label}: ${r.stdout}${r.stderr}`).toBe(1);
      const s = summaryOf(r);
      expect(s.status, label).toBe('failed');
      expect(String(s['error']), label).toMatch(NOT_TRUSTED);
      expect(String(s['error']), label).toMatch(/PLATFORM_CA_FILE/);
    }
    expect(requests(h.sims)).toBe(0);
    expect(h.sims.srp.stats.itemsPushed).toBe(0);
    expect(h.sims.srp.accounts()).toEqual([]);

    // As an operator runs it: its own process, text output, exit code 1.
    const spawned = await h.spawnCli(['sync']).done;
    expect(spawned.code, spawned.stderr).toBe(1);
    expect(spawned.stdout).toMatch(/failed/);
    expect(spawned.stdout).toMatch(NOT_TRUSTED);
    expect(requests(h.sims)).toBe(0);
  });

  it('checks every client, the registry and both token endpoints included', async () => {
    const https = h.sims.urls;
    const cases = [
      { label: 'registry', urls: { ...plain.urls, registry: https.registry }, failing: /^registry GET \/api\/v1\/institutions: / },
      { label: 'student-record token', urls: { ...plain.urls, srp: https.srp }, failing: /^srp POST \/oauth\/token: / },
      { label: 'teacher-training token', urls: { ...plain.urls, ttp: https.ttp }, failing: /^ttp POST \/oauth\/token: / },
    ];
    for (const c of cases) {
      const env = { TTP_BASE_URL: c.urls.ttp, REGISTRY_URL: c.urls.registry, SRP_BASE_URL: c.urls.srp };
      const r = await h.cli(['sync', '--json'], env);
      expect(r.code, `${c.label}: ${r.stdout}${r.stderr}`).toBe(1);
      const error = String(summaryOf(r)['error']);
      expect(error, c.label).toMatch(c.failing);
      expect(error, c.label).toMatch(NOT_TRUSTED);
    }
    expect(requests(h.sims)).toBe(0);
    expect(plain.srp.stats.itemsPushed).toBe(0);
    expect(plain.srp.accounts()).toEqual([]);
  });

  it('syncs over https with the CA file to the same accounts as over plain http', async () => {
    const r = await h.spawnCli(['sync', '--json'], { PLATFORM_CA_FILE: ca.caFile }).done;
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r).status).toBe('succeeded');
    // Every platform was reached through the CA: both token endpoints, the registry and the APIs.
    expect(h.sims.ttp.stats.tokensIssued).toBeGreaterThan(0);
    expect(h.sims.srp.stats.tokensIssued).toBeGreaterThan(0);
    expect(h.sims.registry.stats.total).toBeGreaterThan(0);
    expect(h.sims.ttp.stats.requests['GET /api/v1/teachers']).toBeGreaterThan(0);
    expect(h.sims.srp.stats.batchCalls).toBeGreaterThan(0);

    // Plain http still works for local simulators, and gives the same accounts.
    const db = await createTestDatabase('sqlite');
    try {
      const overHttp = await runInProcess(['sync', '--json'], { ...platformEnv(plain, db.url), REPORT_DIR: dir });
      expect(overHttp.code, overHttp.stderr).toBe(0);
    } finally {
      await db.drop();
    }
    expect(accountSnapshot(h.sims).length).toBeGreaterThan(TEACHERS / 2);
    expect(accountSnapshot(h.sims)).toEqual(accountSnapshot(plain));

    // A bundle of several CAs works when one of them signed the certificate.
    const bundle = join(dir, 'bundle.pem');
    writeFileSync(bundle, `${otherCa.caPem}\n${ca.caPem}`);
    const again = await h.cli(['sync', '--json'], { PLATFORM_CA_FILE: bundle });
    expect(again.code, again.stderr).toBe(0);
    expect(summaryOf(again).mode).toBe('delta');
  });

  it('checks the name in the certificate, not only who signed it', async () => {
    const wrongName = await startSimulators({ seed: SEED, teachers: 10, tls: ca.issue('DNS:platform.invalid') });
    try {
      const r = await h.cli(['sync', '--json'], { ...platformEnv(wrongName, h.database.url), REPORT_DIR: dir, PLATFORM_CA_FILE: ca.caFile });
      expect(r.code, r.stderr).toBe(1);
      expect(String(summaryOf(r)['error'])).toMatch(/TLS certificate of the platform not trusted: ERR_TLS_CERT_ALTNAME_INVALID/);
      expect(requests(wrongName)).toBe(0);
    } finally {
      await wrongName.close();
    }
  });

  it('reports a CA file that cannot be read or holds no certificate as a configuration error', async () => {
    const missing = await h.cli(['sync', '--json'], { PLATFORM_CA_FILE: join(dir, 'missing.pem') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/PLATFORM_CA_FILE: cannot read .*missing\.pem \(ENOENT\)/);
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, 'not a certificate\n');
    const notPem = await h.cli(['sync', '--json'], { PLATFORM_CA_FILE: empty });
    expect(notPem.code).toBe(2);
    expect(notPem.stderr).toMatch(/PLATFORM_CA_FILE: .*empty\.pem holds no PEM certificate/);
  });
});
