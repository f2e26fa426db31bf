import { afterEach, describe, expect, it } from 'vitest';
import { PLAN_PROBLEM_CODES } from '../../src/sync/plan.phase.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbKind } from '../support/databases.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';
import { sharedCode, singleSchoolCode, teachersAt } from '../support/world-picks.js';

type Summary = ReturnType<typeof summaryOf> & {
  held: number;
  problems: Record<string, number>;
  plan: { scope: 'all' | 'changed'; people: number; findingsCarried: boolean } | null;
};

const planProblems = (s: Summary) => Object.fromEntries(PLAN_PROBLEM_CODES.flatMap((c) => (s.problems[c] ? [[c, s.problems[c]]] : [])));
const changes = (s: Summary) => s.created + s.updated + s.moved + s.disabled;

/**
 * A run that plans only the people who changed must leave things exactly as a run that plans
 * everyone would: after each such run, planning everyone (a dry run) finds nothing left to push,
 * and the same counts and problems.
 */
describe.each<DbKind>(['sqlite', 'mariadb'])('planning only what changed, on %s', (kind) => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  const start = async () => {
    const h = await startHarness(kind, { seed: 11, teachers: 500 });
    open.push(h);
    let env: Record<string, string> = {};
    const sync = async (...flags: string[]) => {
      const r = await h.cli(['sync', '--json', ...flags], env);
      expect([0, 3], r.stderr).toContain(r.code);
      return summaryOf(r) as Summary;
    };
    /** Planning everyone right after `last` agrees with it. */
    const agrees = async (last: Summary) => {
      const all = await sync('--dry-run', '--replan-all');
      expect(all.plan?.scope).toBe('all');
      expect({ created: all.created, updated: all.updated, moved: all.moved, disabled: all.disabled }).toEqual({ created: 0, updated: 0, moved: 0, disabled: 0 });
      expect(all.unchanged).toBe(last.unchanged + changes(last));
      expect(all.held).toBe(last.held);
      expect(planProblems(all)).toEqual(planProblems(last));
    };
    return { h, sync, agrees, useEnv: (e: Record<string, string>) => { env = e; } };
  };

  it('pushes what changed, keeps counts and problems of everyone else, and agrees with planning everyone', async () => {
    const { h, sync, agrees } = await start();
    const first = await sync();
    expect(first.plan).toMatchObject({ scope: 'all', findingsCarried: false });
    expect(first.created).toBeGreaterThan(300);
    expect(first.held).toBeGreaterThan(0);
    expect(Object.keys(planProblems(first)).length).toBeGreaterThan(0);

    // Nothing changed: nobody is planned, and the findings are carried.
    const quiet = await sync();
    expect(quiet.plan).toEqual({ scope: 'changed', people: 0, findingsCarried: true });
    expect(changes(quiet)).toBe(0);
    expect(quiet.unchanged).toBe(first.unchanged + changes(first));
    expect(quiet.held).toBe(first.held);
    expect(planProblems(quiet)).toEqual(planProblems(first));
    const findingsOf = async (runId: number) => {
      const r = await h.cli(['mismatches', 'list', '--json', '--run', String(runId)]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { runId: number }[]).map(({ runId: _, ...f }) => f);
    };
    const shown = await h.cli(['runs', 'show', String(quiet.runId)]);
    expect(shown.stdout).toContain('planned 0 people changed since the run before; findings carried from the run before');
    const listed = (await h.cli(['runs', 'list'])).stdout.split('\n');
    expect(listed.find((l) => l.trimStart().startsWith(`${first.runId} `))).toContain('everyone');
    expect(listed.find((l) => l.trimStart().startsWith(`${quiet.runId} `))).toContain('0 changed');
    const carried = await findingsOf(quiet.runId);
    expect(carried.length).toBeGreaterThan(0);
    expect(carried).toEqual(await findingsOf(first.runId));
    await agrees(quiet);

    // New mobile numbers: only those people are planned and updated; the findings still stand.
    const linked = h.sims.srp.accounts().filter((a) => a.status === 'active' && a.externalId !== null && h.sims.ttp.get(a.externalId)?.status === 'active');
    const edited = linked.slice(0, 6).map((a) => a.externalId!);
    edited.forEach((id, i) => h.sims.ttp.update(id, { mobile: `1380000${String(1000 + i)}` }));
    const mobiles = await sync();
    expect(mobiles.plan).toEqual({ scope: 'changed', people: 6, findingsCarried: true });
    expect(mobiles.updated).toBe(6);
    for (const [i, id] of edited.entries()) expect(h.sims.srp.account(id)?.mobile).toBe(`1380000${String(1000 + i)}`);
    await agrees(mobiles);

    // A teacher moves to another school's code: moved, and the findings are made again.
    const mover = edited[0]!;
    const target = singleSchoolCode(h, h.sims.ttp.get(mover)!.institutionCode ?? '');
    h.sims.ttp.update(mover, { institutionCode: target.institutionCode, institutionName: target.name });
    const moved = await sync();
    expect(moved.plan?.scope).toBe('changed');
    expect(moved.plan?.findingsCarried).toBe(false);
    expect(moved.moved).toBe(1);
    expect(h.sims.srp.account(mover)?.schoolId).toBe(target.schoolId);
    await agrees(moved);

    // A second record of one person: the later one is used, the other said to be a duplicate.
    const [a, b] = [edited[1]!, edited[2]!];
    const pa = h.sims.ttp.get(a)!;
    h.sims.ttp.update(b, { idType: pa.idType, idNumber: pa.idNumber, name: pa.name });
    const duplicate = await sync();
    expect(duplicate.problems['DUPLICATE_PERSON'] ?? 0).toBeGreaterThan(first.problems['DUPLICATE_PERSON'] ?? 0);
    await agrees(duplicate);

    // Quarantined while it has an account: held with the account kept; then fixed again.
    const q = edited[3]!;
    const good = h.sims.ttp.get(q)!;
    h.sims.ttp.update(q, { idNumber: 'not-an-id' });
    const quarantined = await sync();
    expect(quarantined.held).toBe(duplicate.held + 1);
    expect(quarantined.problems['ACCOUNT_HELD']).toBe((duplicate.problems['ACCOUNT_HELD'] ?? 0) + 1);
    await agrees(quarantined);
    // Everyone planned while it is quarantined: its own identity then has no record, only the account.
    const walked = await sync('--replan-all');
    expect(walked.plan?.scope).toBe('all');
    // No entered school changed since the run before: its findings are this run's, not made again.
    expect(walked.plan?.findingsCarried).toBe(true);
    expect(await findingsOf(walked.runId)).toEqual(await findingsOf(quarantined.runId));
    await agrees(walked);
    h.sims.ttp.update(q, { idNumber: good.idNumber });
    const fixed = await sync();
    expect(fixed.plan?.scope).toBe('changed');
    expect(fixed.held).toBe(duplicate.held);
    await agrees(fixed);

    // A code no student-record school carries: held, said so.
    const orphaned = edited[4]!;
    h.sims.ttp.update(orphaned, { institutionCode: '3399999999', institutionName: '不存在的学校' });
    const noSchool = await sync();
    expect(noSchool.problems['NO_TARGET_SCHOOL']).toBe((fixed.problems['NO_TARGET_SCHOOL'] ?? 0) + 1);
    await agrees(noSchool);

    // An operator moves a teacher between campuses of a shared code: the next run pushes it.
    const { busiest, other } = sharedCode(h);
    const campusTeacher = teachersAt(h, busiest.schoolId)[0]!;
    const assigned = await h.cli(['reassign', '--teacher', campusTeacher, '--school', other.schoolId, '--reason', 'works at the other campus', '--by', 'test']);
    expect(assigned.code, assigned.stderr).toBe(0);
    const reassigned = await sync();
    expect(reassigned.plan?.scope).toBe('changed');
    expect(reassigned.moved).toBe(1);
    expect(h.sims.srp.account(campusTeacher)?.schoolId).toBe(other.schoolId);
    await agrees(reassigned);

    // Gone from a full pull: disabled, within a full run that still plans only what changed.
    const leaver = edited[5]!;
    h.sims.ttp.remove(leaver);
    const full = await sync('--full');
    expect(full.plan?.scope).toBe('changed');
    expect(full.disabled).toBe(1);
    expect(h.sims.srp.account(leaver)?.status).toBe('disabled');
    await agrees(full);

    // The schools changed: everyone is planned.
    const school = h.sims.srp.schools().find((s) => s.status === 'active')!;
    h.sims.srp.upsertSchool({ ...school, name: `${school.name}（新址）` });
    const schools = await sync();
    expect(schools.plan?.scope).toBe('all');
    await agrees(schools);
  });

  it('keeps the teachers of a county not live yet held through runs that plan only the changed', async () => {
    const { h, sync, agrees, useEnv } = await start();
    const counties = [...new Set(h.sims.srp.schools().flatMap((s) => (s.status === 'active' && s.countyCode ? [s.countyCode] : [])))].sort();
    const late = counties[0]!;
    const base = readFileSync(new URL('../support/test-policy.yaml', import.meta.url), 'utf8');
    const policy = join(mkdtempSync(join(tmpdir(), 'ts-plan-changed-')), 'policy.yaml');
    writeFileSync(policy, `${base}\nrollout:\n  waves:\n    - name: now\n      goLive: '2020-01-01T00:00:00+08:00'\n      areas: [${counties.slice(1).map((c) => `'${c}'`).join(', ')}]\n    - name: later\n      goLive: '2099-01-01T00:00:00+08:00'\n      areas: ['${late}']\n`);
    useEnv({ TEACHER_SYNC_CONFIG: policy });
    const first = await sync();
    expect(first.held).toBeGreaterThan(0);
    const waiting = h.sims.ttp.list().filter((t) => t.status === 'active' && t.countyCode === late && h.sims.srp.account(t.teacherId) === undefined);
    expect(waiting.length).toBeGreaterThan(0);
    h.sims.ttp.update(waiting[0]!.teacherId, { mobile: '13800003333' });
    const next = await sync();
    expect(next.plan?.scope).toBe('changed');
    expect(next.held).toBe(first.held);
    expect(h.sims.srp.account(waiting[0]!.teacherId)).toBeUndefined();
    await agrees(next);
  });

  it('plans everyone after a run that failed, after a reconciliation on its own, and when asked', async () => {
    const { h, sync, agrees } = await start();
    await sync();
    const account = h.sims.srp.accounts().find((a) => a.status === 'active' && a.externalId !== null && h.sims.ttp.get(a.externalId)?.status === 'active')!;
    h.sims.ttp.update(account.externalId!, { mobile: '13800002222' });
    h.sims.srp.faults = { errorRate: 1 };
    const failed = summaryOf(await h.cli(['sync', '--json'])) as Summary;
    expect(failed.status).toBe('failed');
    h.sims.srp.faults = {};
    const after = await sync();
    expect(after.plan?.scope).toBe('all');
    expect(after.updated).toBe(1);
    expect(h.sims.srp.account(account.externalId!)?.mobile).toBe('13800002222');
    await agrees(after);

    expect((await h.cli(['reconcile', '--json'])).code).toBe(0);
    const afterReconcile = await sync();
    expect(afterReconcile.plan?.scope).toBe('all');
    await agrees(afterReconcile);

    expect((await sync()).plan?.scope).toBe('changed');
    expect((await sync('--replan-all')).plan?.scope).toBe('all');
  });
});
