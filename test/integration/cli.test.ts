import { describe, expect, it } from 'vitest';
import { runInProcess, spawnBin } from '../support/harness.js';

describe('the teacher-sync command', () => {
  it('lists its commands with --help', async () => {
    const r = await spawnBin(['--help'], {}).done;
    expect(r.code).toBe(0);
    for (const c of ['sync', 'migrate', 'runs']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it('names every bad setting in one message and exits 2', async () => {
    const r = await spawnBin(['sync'], {
      TTP_BASE_URL: 'not a url', TTP_CLIENT_ID: 'x', SRP_BASE_URL: 'http://127.0.0.1:1', SRP_CLIENT_ID: 'x',
      SRP_CLIENT_SECRET: 'y', REGISTRY_URL: 'http://127.0.0.1:1', PII_KEY: 'short', DATABASE_URL: 'postgres://x',
    }).done;
    expect(r.code).toBe(2);
    for (const name of ['TTP_BASE_URL', 'TTP_CLIENT_SECRET', 'PII_KEY', 'DATABASE_URL']) expect(r.stderr).toContain(name);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // a message, not a stack trace
  });

  it('rejects a policy file with a bad value, naming the key and the file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ts-policy-'));
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, 'safety:\n  maxDisableShare: 7\nsync:\n  pageSize: 5000\n  nonsense: 1\n');
    const r = await runInProcess(['migrate'], { DATABASE_URL: `sqlite:${join(dir, 'x.db')}`, TEACHER_SYNC_CONFIG: file });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('safety.maxDisableShare');
    expect(r.stderr).toContain('sync.pageSize');
    expect(r.stderr).toContain('nonsense');
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runInProcess(['snyc'], {})).code).toBe(2);
    expect((await runInProcess(['sync', '--fulll'], {})).code).toBe(2);
  });
});
