import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StudentRecordClient } from '../../src/platforms/student-record/student-record.client.js';
import { residentIdCheckChar } from '../../src/simulators/index.js';
import { createTestDatabase, type DbKind } from '../support/databases.js';
import { startHarness, summaryOf, type CliResult, type Harness } from '../support/harness.js';
import { sharedCode, singleSchoolCode, teachersAt } from '../support/world-picks.js';

const json = <T>(r: CliResult): T => {
  expect([0, 3], r.stderr).toContain(r.code);
  return JSON.parse(r.stdout.trim().split('\n').filter((l) => l.startsWith('{') || l.startsWith('[')).pop() ?? 'null') as T;
};

interface ReconcileJson {
  runId: number;
  status: string;
  reconcile: { accounts: number; inStep: number; adopted: number; drifted: number; repairing: number; missing: number; matched: number; orphans: number };
  entries: { kind: string; accountId: string | null; externalId: string | null; teacherId: string | null; schoolId: string | null; pushedSchoolId: string | null }[];
  push: { created: number; updated: number; moved: number; disabled: number; failed: number } | null;
}

interface RolloutJson {
  enabled: boolean;
  waves: { name: string | null; live: boolean; teachers: number; counties: { countyCode: string; state: string; teachers: number; withAccount: number }[] }[];
}

type Summary = ReturnType<typeof summaryOf> & { held: number; reconcile: ReconcileJson['reconcile'] | null; problems: Record<string, number> };

/** The test policy with rollout waves added. */
function policyWithWaves(waves: { name: string; goLive: string; areas: string[] }[]): string {
  const base = readFileSync(new URL('../support/test-policy.yaml', import.meta.url), 'utf8');
  const file = join(mkdtempSync(join(tmpdir(), 'ts-rollout-')), 'policy.yaml');
  writeFileSync(file, `${base}\nrollout:\n  waves:\n${waves.map((w) => `    - name: ${w.name}\n      goLive: '${w.goLive}'\n      areas: [${w.areas.map((a) => `'${a}'`).join(', ')}]\n`).join('')}`);
  return file;
}

/** RFC 3339 in China time, as an operator writes it. */
function chinaTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A resident ID no simulated teacher has. */
function freshResidentId(serial: number): string {
  const body = `33010619750101${String(serial).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

describe.each<DbKind>(['sqlite', 'mariadb'])('rollout waves and reconciliation on %s', (kind) => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  const harness = async () => {
    const h = await startHarness(kind, { seed: 7, teachers: 600 });
    open.push(h);
    const sync = async (...flags: string[]) => summaryOf(await h.cli(['sync', '--json', ...flags])) as Summary;
    const reconcile = async (...flags: string[]) => json<ReconcileJson>(await h.cli(['reconcile', '--json', ...flags]));
    return { h, sync, reconcile };
  };

  it('holds a county before its go-live, reports its schools all the same, and pushes it at the first run after', async () => {
    const { h } = await harness();
    const schools = h.sims.srp.schools().filter((s) => s.status === 'active' && s.countyCode);
    const cities = new Map<string, number>();
    for (const s of schools) cities.set(`${s.countyCode!.slice(0, 4)}00`, (cities.get(`${s.countyCode!.slice(0, 4)}00`) ?? 0) + 1);
    const [late] = [...cities.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const others = [...cities.keys()].filter((c) => c !== late);
    const waves = (laterGoLive: number) => [
      { name: 'first', goLive: chinaTime(Date.now() - 86_400_000), areas: others },
      { name: 'later', goLive: chinaTime(laterGoLive), areas: [late] },
    ];
    const env = { TEACHER_SYNC_CONFIG: policyWithWaves(waves(Date.now() + 86_400_000)) };
    const inLate = (schoolId: string) => schools.find((s) => s.schoolId === schoolId)?.countyCode?.startsWith(late.slice(0, 4)) ?? false;

    const before = summaryOf(await h.cli(['sync', '--json'], env)) as Summary;
    expect(before.status).toBe('succeeded');
    expect(before.held).toBeGreaterThan(0);
    expect(h.sims.srp.accounts().filter((a) => inLate(a.schoolId))).toEqual([]);
    expect(h.sims.srp.accounts().length).toBe(before.created);

    const status = json<RolloutJson>(await h.cli(['rollout', 'status', '--json'], env));
    const later = status.waves.find((w) => w.name === 'later')!;
    expect(later.live).toBe(false);
    expect(later.counties.length).toBeGreaterThan(0);
    expect(later.counties.every((c) => c.state === 'held' && c.withAccount === 0)).toBe(true);
    expect(status.waves.find((w) => w.name === 'first')!.counties.every((c) => c.state === 'live')).toBe(true);
    const text = await h.cli(['rollout', 'status'], env);
    expect(text.stdout).toMatch(/later: go-live .* — held/);

    // Its schools hear of their mismatches before go-live, so that they are fixed by then.
    const findings = json<{ countyCode: string }[]>(await h.cli(['mismatches', 'list', '--json'], env));
    const lateFindings = findings.filter((f) => f.countyCode.startsWith(late.slice(0, 4)));
    expect(lateFindings.length).toBeGreaterThan(0);
    const reports = readdirSync(join(h.env['REPORT_DIR']!, `run-${before.runId}`));
    expect(reports).toContain(`${lateFindings[0]!.countyCode}-report.eml`);

    const unchanged = summaryOf(await h.cli(['sync', '--json'], env)) as Summary;
    expect(unchanged.created).toBe(0);
    expect(unchanged.held).toBe(before.held);

    // The go-live comes. Rather than wait for a go-live set a few seconds ahead (which a loaded
    // machine could pass before the checks above are done), the same policy file now names a
    // moment just gone, as the clock sees it once it is reached.
    writeFileSync(env.TEACHER_SYNC_CONFIG, readFileSync(policyWithWaves(waves(Date.now() - 60_000)), 'utf8'));
    const after = summaryOf(await h.cli(['sync', '--json'], env)) as Summary;
    expect(after.mode).toBe('delta');
    // Held also counts teachers with no school to go to; those stay held after the go-live.
    expect(after.held).toBeLessThan(before.held);
    expect(after.created).toBe(before.held - after.held);
    expect(h.sims.srp.accounts().filter((a) => inLate(a.schoolId)).length).toBe(after.created);
    const live = json<RolloutJson>(await h.cli(['rollout', 'status', '--json'], env));
    expect(live.waves.find((w) => w.name === 'later')!.counties.every((c) => c.state === 'live' && c.withAccount > 0)).toBe(true);
  });

  it('keeps a campus move made on the platform through the next three syncs, as a manual assignment', async () => {
    const { h, sync } = await harness();
    await sync();
    const { code, busiest, other } = sharedCode(h);
    const [teacher] = teachersAt(h, busiest.schoolId);
    const account = h.sims.srp.account(teacher!)!;
    h.sims.srp.moveAccount(account.accountId, other.schoolId);

    const first = await sync('--full');
    expect(first.reconcile).toMatchObject({ adopted: 1, drifted: 0, missing: 0, orphans: 0 });
    expect(first.problems).toMatchObject({ ACCOUNT_MOVE_ADOPTED: 1 });
    expect(first.moved + first.updated).toBe(0);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(other.schoolId);

    // The teacher's record changes: the push must carry the campus the person chose, not the rule's.
    h.sims.ttp.update(teacher!, { mobile: '13912345678', institutionName: `${busiest.name}（${busiest.campusName ?? '本部'}）` });
    const second = await sync();
    expect(second.updated).toBe(1);
    expect(second.moved).toBe(0);
    expect(h.sims.srp.account(teacher!)).toMatchObject({ schoolId: other.schoolId, mobile: '13912345678' });

    const third = await sync('--full');
    expect(third.reconcile).toMatchObject({ adopted: 0, drifted: 0 });
    expect(third.moved + third.updated).toBe(0);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(other.schoolId);

    const overrides = json<{ teacherId: string; schoolId: string; assignedBy: string; state: string }[]>(await h.cli(['overrides', 'list', '--json']));
    expect(overrides).toMatchObject([{ teacherId: teacher, schoolId: other.schoolId, assignedBy: 'student-record platform', state: 'active' }]);
    const audit = json<{ source: string; action: string; before: { schoolId: string }; after: { schoolId: string } }[]>(await h.cli(['audit', 'list', '--teacher', teacher!, '--json']));
    expect(audit).toMatchObject([{ source: 'platform', action: 'assign', before: { schoolId: busiest.schoolId }, after: { schoolId: other.schoolId } }]);
    const shown = json<{ teachers: { teacher: { teacherId: string }; placement: string }[] }>(await h.cli(['shared-codes', 'show', code, '--json']));
    expect(shown.teachers.find((t) => t.teacher.teacherId === teacher)?.placement).toBe('manual');
  });

  it('links an account made by hand to its teacher instead of creating a second one', async () => {
    const { h, sync, reconcile } = await harness();
    await sync();
    const model = h.sims.ttp.get(teachersAt(h, singleSchoolCode(h, '').schoolId)[0]!)!;
    const idNumber = freshResidentId(1);
    const manual = h.sims.srp.createManualAccount({ name: '新教师', idType: 'resident_id', idNumber, schoolId: h.sims.srp.account(model.teacherId)!.schoolId });
    const total = h.sims.srp.accounts().length;

    // Not a teacher yet: the account is unknown and left alone.
    const early = await reconcile();
    expect(early.reconcile).toMatchObject({ orphans: 1, matched: 0 });
    expect(early.entries).toMatchObject([{ kind: 'orphan', accountId: manual.accountId, externalId: null }]);

    h.sims.ttp.upsert({ ...model, teacherId: 'T08888888', name: '新教师', idNumber, mobile: null, email: null });
    h.sims.ttp.update('T08888888', {});
    const linked = await sync();
    expect(linked.created).toBe(1);
    expect(linked.failed).toBe(0);
    expect(linked.problems).toMatchObject({ ACCOUNT_LINKED: 1 });
    expect(h.sims.srp.accounts()).toHaveLength(total);
    expect(h.sims.srp.account('T08888888')?.accountId).toBe(manual.accountId);

    const after = await reconcile();
    expect(after.reconcile).toMatchObject({ orphans: 0, matched: 0, drifted: 0, missing: 0, inStep: total });
  });

  it('reports drift, and pushes it back only with --repair', async () => {
    const { h, sync, reconcile } = await harness();
    await sync();
    const single = singleSchoolCode(h, '');
    const [disabledByHand, movedAway] = teachersAt(h, single.schoolId).length >= 2
      ? teachersAt(h, single.schoolId)
      : [teachersAt(h, single.schoolId)[0], teachersAt(h, sharedCode(h).busiest.schoolId)[0]];
    const source = h.sims.srp.account(movedAway!)!.schoolId;
    const elsewhere = singleSchoolCode(h, h.sims.srp.schools().find((s) => s.schoolId === source)!.institutionCode);
    h.sims.srp.setAccountStatus(h.sims.srp.account(disabledByHand!)!.accountId, 'disabled');
    h.sims.srp.moveAccount(h.sims.srp.account(movedAway!)!.accountId, elsewhere.schoolId);

    const seen = await reconcile();
    expect(seen.reconcile).toMatchObject({ drifted: 2, repairing: 0, adopted: 0 });
    expect(seen.push).toBeNull();
    expect(seen.entries.map((e) => e.teacherId).sort()).toEqual([disabledByHand, movedAway].sort());
    const full = await sync('--full');
    expect(full.reconcile).toMatchObject({ drifted: 2 });
    expect(full.problems).toMatchObject({ ACCOUNT_DRIFTED: 2 });
    expect(h.sims.srp.account(disabledByHand!)?.status).toBe('disabled');
    expect(h.sims.srp.account(movedAway!)?.schoolId).toBe(elsewhere.schoolId);

    const repaired = await reconcile('--repair');
    expect(repaired.reconcile).toMatchObject({ drifted: 2, repairing: 2 });
    expect(repaired.push).toMatchObject({ failed: 0 });
    expect(repaired.push!.updated + repaired.push!.moved).toBe(2);
    expect(h.sims.srp.account(disabledByHand!)?.status).toBe('active');
    expect(h.sims.srp.account(movedAway!)?.schoolId).toBe(source);
    expect((await reconcile()).reconcile).toMatchObject({ drifted: 0, missing: 0 });
  });

  it('reports an account that matches no teacher in its county report and never touches it', async () => {
    const { h, sync, reconcile } = await harness();
    await sync();
    const school = singleSchoolCode(h, '');
    const orphan = h.sims.srp.createManualAccount({ name: '来历不明', idType: 'resident_id', idNumber: freshResidentId(2), schoolId: school.schoolId });

    const full = await sync('--full');
    expect(full.reconcile).toMatchObject({ orphans: 1 });
    expect(full.problems).toMatchObject({ ACCOUNT_ORPHAN: 1 });
    const csv = readFileSync(join(h.env['REPORT_DIR']!, `run-${full.runId}`, `${school.countyCode!}-report.csv`), 'utf8');
    expect(csv).toContain(orphan.accountId);
    expect(csv).toContain('平台账号无对应教师');
    expect(csv).not.toContain(freshResidentId(2));

    const repaired = await reconcile('--repair', '--county', school.countyCode!);
    expect(repaired.reconcile).toMatchObject({ orphans: 1 });
    expect(h.sims.srp.accounts().find((a) => a.accountId === orphan.accountId)).toEqual(orphan);

    // A reconciliation on its own has no findings: the reports to send again are still the sync's,
    // never an "all clear" to every county.
    const resend = await h.cli(['report', 'send', '--dry-run']);
    expect(resend.code, resend.stderr).toBe(0);
    expect(resend.stdout).toContain(`run ${full.runId}:`);
    expect(resend.stdout).not.toMatch(/all-clear/);
    expect(resend.stdout).toMatch(/report/);
  });

  it('follows the accounts of an earlier database instead of duplicating them (a restore gone wrong)', async () => {
    const { h, sync } = await harness();
    await sync();
    const before = h.sims.srp.accounts();
    const fresh = await createTestDatabase(kind);
    try {
      const r = await h.cli(['sync', '--json'], { DATABASE_URL: fresh.url });
      expect(r.code, r.stderr).toBe(0);
      const s = summaryOf(r) as Summary;
      expect(s.reconcile).toMatchObject({ matched: before.length, orphans: 0 });
      // Each account is pushed once under the external id it already has: answered 200, not a second account.
      expect(s.created).toBe(before.length);
      expect(h.sims.srp.accounts().map((a) => [a.accountId, a.externalId, a.schoolId, a.status])).toEqual(before.map((a) => [a.accountId, a.externalId, a.schoolId, a.status]));
      const again = summaryOf(await h.cli(['sync', '--json', '--full'], { DATABASE_URL: fresh.url })) as Summary;
      expect(again.created + again.updated + again.moved + again.disabled).toBe(0);
      expect(again.reconcile).toMatchObject({ inStep: before.length, matched: 0 });
    } finally {
      await fresh.drop();
    }
  });

  it('follows an account another tool made under its own external id, and makes no second one', async () => {
    const { h, sync } = await harness();
    await sync();
    const model = h.sims.ttp.get(teachersAt(h, singleSchoolCode(h, '').schoolId)[0]!)!;
    const idNumber = freshResidentId(3);
    const schoolId = h.sims.srp.account(model.teacherId)!.schoolId;
    const other = new StudentRecordClient({ baseUrl: h.sims.urls.srp, clientId: 'teacher-sync', clientSecret: 'secret' });
    try {
      const [made] = await other.pushBatch([{ externalId: 'HR-000123', name: '另一系统', idType: 'resident_id', idNumber, gender: null, mobile: null, email: null, schoolId, status: 'active' }]);
      expect(made?.status).toBe(201);
    } finally {
      other.close();
    }
    h.sims.ttp.upsert({ ...model, teacherId: 'T07777777', name: '新教师', idNumber, mobile: null, email: null });
    h.sims.ttp.update('T07777777', {});
    const total = h.sims.srp.accounts().length;

    const full = await sync('--full');
    expect(full.reconcile).toMatchObject({ matched: 1, orphans: 0 });
    expect(full.problems).toMatchObject({ ACCOUNT_LINKED: 1 });
    expect(full.created).toBe(0);
    expect(full.updated).toBe(1);
    expect(h.sims.srp.accounts()).toHaveLength(total);
    expect(h.sims.srp.account('HR-000123')).toMatchObject({ name: '新教师', schoolId });
    expect(h.sims.srp.account('T07777777')).toBeUndefined();
    expect((await sync('--full')).reconcile).toMatchObject({ matched: 0, drifted: 0, inStep: total });
  });

  it('pushes an account deleted on the platform again at the next full sync', async () => {
    const { h, sync } = await harness();
    await sync();
    const [teacher] = teachersAt(h, singleSchoolCode(h, '').schoolId);
    const gone = h.sims.srp.account(teacher!)!;
    h.sims.srp.deleteAccount(gone.accountId);

    expect((await sync()).created + (await sync()).updated).toBe(0);
    const full = await sync('--full');
    expect(full.reconcile).toMatchObject({ missing: 1 });
    expect(full.updated).toBe(1);
    expect(h.sims.srp.account(teacher!)).toMatchObject({ schoolId: gone.schoolId, status: 'active', name: gone.name });
    expect((await sync('--full')).reconcile).toMatchObject({ missing: 0, inStep: h.sims.srp.accounts().length });
  });
});
