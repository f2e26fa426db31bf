import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/harness.js';
import { freePort } from '../support/services.js';

const dir = mkdtempSync(join(tmpdir(), 'ts-db-unreachable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a database that does not answer', () => {
  it('is named by host and port by every command, not reported as a failed migration', async () => {
    const port = await freePort(); // nothing listens on it
    for (const args of [['runs', 'list'], ['migrate'], ['mismatches', 'list']]) {
      const r = await runInProcess(args, { DATABASE_URL: `mysql://root:secret@127.0.0.1:${port}/x`, LOG_LEVEL: 'silent' });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(`the database at 127.0.0.1:${port} did not answer`);
      expect(r.stderr).toContain('ECONNREFUSED');
      expect(r.stderr).not.toMatch(/migration/);
      expect(r.stderr).not.toContain('secret');
    }
  });

  it('keeps "migration X failed" for a migration that really fails', async () => {
    const file = join(dir, 'clash.db');
    // A table of the first migration already there, by another hand: the migration itself fails.
    const pre = new Database(file);
    pre.exec('CREATE TABLE registry_institution (x INTEGER)');
    pre.close();
    const r = await runInProcess(['migrate'], { DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/migration 0001\S* failed: .*registry_institution/);
    expect(r.stderr).not.toContain('did not answer');
  });
});
