import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import type { DbKind } from '../support/databases.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

describe.each<DbKind>(['sqlite', 'mariadb'])('the registry and the schools, written only where they changed, on %s', (kind) => {
  const open: { h: Harness; db: DbHandle }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.db.close();
      await o.h.close();
    }
  });

  it('writes no row on a night when neither changed, and exactly what changed on the next', async () => {
    const h = await startHarness(kind, { seed: 5, teachers: 200 });
    const db = await openDatabase({ url: h.database.url, kind: kind === 'sqlite' ? 'sqlite' : 'mysql' });
    open.push({ h, db });
    const sync = async (env: Record<string, string> = {}) => {
      const s = summaryOf(await h.cli(['sync', '--json'], env));
      expect(s.status).toBe('succeeded');
      return s.runId;
    };
    const registry = async () => new Map((await db.db.selectFrom('registry_institution').select(['code', 'name', 'seen_run_id']).execute()).map((r) => [r.code, r]));
    const schools = async () => new Map((await db.db.selectFrom('target_school').select(['school_id', 'name', 'status', 'seen_run_id']).execute()).map((r) => [r.school_id, r]));

    const first = await sync();
    await sync();
    // Nothing changed on either platform: every row is as the first run wrote it.
    const codes = await registry();
    const listedSchools = await schools();
    expect(codes.size).toBeGreaterThan(2);
    expect([...codes.values()].every((r) => Number(r.seen_run_id) === first)).toBe(true);
    expect([...listedSchools.values()].every((r) => Number(r.seen_run_id) === first)).toBe(true);

    // One school renamed, one taken off the platform, one registry code dropped.
    const [renamed, dropped] = h.sims.srp.schools().filter((s) => s.status === 'active');
    h.sims.srp.upsertSchool({ ...renamed!, name: `${renamed!.name}（新址）` });
    h.sims.srp.removeSchool(dropped!.schoolId);
    const lines = h.sims.registry.toCsv().trimEnd().split('\n');
    const goneCode = lines[1]!.split(',')[0]!;
    const file = join(mkdtempSync(join(tmpdir(), 'ts-registry-')), 'registry.csv');
    writeFileSync(file, [lines[0], ...lines.slice(2)].join('\n'));
    const third = await sync({ REGISTRY_URL: '', REGISTRY_FILE: file });

    const codesAfter = await registry();
    expect(codesAfter.has(goneCode)).toBe(false);
    expect(codesAfter.size).toBe(codes.size - 1);
    expect([...codesAfter.values()].every((r) => Number(r.seen_run_id) === first)).toBe(true);
    const after = await schools();
    expect(after.get(renamed!.schoolId)).toMatchObject({ name: `${renamed!.name}（新址）`, seen_run_id: third });
    expect(after.get(dropped!.schoolId)).toMatchObject({ status: 'inactive', seen_run_id: 0 });
    const untouched = [...after.values()].filter((r) => r.school_id !== renamed!.schoolId && r.school_id !== dropped!.schoolId);
    expect(untouched.every((r) => Number(r.seen_run_id) === first)).toBe(true);

    // Listed again: it takes teachers again, as listed.
    h.sims.srp.upsertSchool(dropped!);
    const fourth = await sync({ REGISTRY_URL: '', REGISTRY_FILE: file });
    expect((await schools()).get(dropped!.schoolId)).toMatchObject({ status: 'active', seen_run_id: fourth });
  });
});
