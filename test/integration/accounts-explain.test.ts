import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBaseConfig } from '../../src/config/config.js';
import type { TeacherExplanation } from '../../src/core/teacher-explanation.js';
import { createPiiCipher } from '../../src/crypto/pii-cipher.js';
import { readTeacherExplanation } from '../../src/sync/explain-teacher.js';
import { PLAN_PROBLEM_CODES } from '../../src/sync/plan.phase.js';
import { withRepos } from '../support/fault-checks.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

const PUSHES = new Set(['create', 'update', 'move', 'disable']);

/** The test policy with the smallest city's go-live a day away: its teachers are held. */
function policyWithLateCity(h: Harness): string {
  const schools = h.sims.srp.schools().filter((s) => s.status === 'active' && s.countyCode);
  const cities = new Map<string, number>();
  for (const s of schools) cities.set(`${s.countyCode!.slice(0, 4)}00`, (cities.get(`${s.countyCode!.slice(0, 4)}00`) ?? 0) + 1);
  const [late] = [...cities.entries()].sort((a, b) => a[1] - b[1])[0]!;
  const others = [...cities.keys()].filter((c) => c !== late);
  const china = (ms: number) => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
  const base = readFileSync(new URL('../support/test-policy.yaml', import.meta.url), 'utf8');
  const file = join(mkdtempSync(join(tmpdir(), 'ts-explain-')), 'policy.yaml');
  writeFileSync(file, `${base}\nrollout:\n  waves:\n    - name: first\n      goLive: '${china(Date.now() - 86_400_000)}'\n      areas: [${others.map((c) => `'${c}'`).join(', ')}]\n` +
    `    - name: later\n      goLive: '${china(Date.now() + 86_400_000)}'\n      areas: ['${late}']\n`);
  return file;
}

describe('accounts explain on mariadb', () => {
  let h: Harness;
  let env: Record<string, string>;

  /** Every teacher stored, explained as the command explains one. */
  const explainAll = async (): Promise<TeacherExplanation[]> => {
    const cfg = loadBaseConfig(env);
    return withRepos(env['DATABASE_URL']!, async (repos, db) => {
      const ids = (await db.selectFrom('teacher').select('teacher_id').orderBy('teacher_id').execute()).map((r) => r.teacher_id);
      const deps = { repos, cipher: createPiiCipher(cfg.piiKey!), policy: cfg.policy, clock: Date.now };
      const out: TeacherExplanation[] = [];
      for (const id of ids) out.push((await readTeacherExplanation(deps, id))!);
      return out;
    });
  };
  const planned = (runId: number) => withRepos(env['DATABASE_URL']!, (_r, db) => db.selectFrom('plan_item').select(['teacher_id', 'action', 'school_id']).where('run_id', '=', runId).execute());
  const planProblems = (runId: number) => withRepos(env['DATABASE_URL']!, (_r, db) =>
    db.selectFrom('sync_problem').select(['teacher_id', 'code']).where('run_id', '=', runId).where('code', 'in', [...PLAN_PROBLEM_CODES]).execute());
  const problemKeys = (rows: readonly { teacher_id: string | null; code: string }[]) => rows.map((p) => `${p.teacher_id}:${p.code}`).sort();
  const predictedProblems = (all: readonly TeacherExplanation[]) => [...new Set(all.flatMap((e) => e.next.problems.map((p) => `${p.teacherId}:${p.code}`)))].sort();
  const predictedPushes = (all: readonly TeacherExplanation[]) =>
    [...new Set(all.filter((e) => PUSHES.has(e.next.outcome)).map((e) => `${e.identity.winnerId ?? e.teacherId}:${e.next.outcome}:${e.diff.desired?.schoolId}`))].sort();

  beforeAll(async () => {
    h = await startHarness('mariadb', { seed: 7, teachers: 600 });
    env = { ...h.env, TEACHER_SYNC_CONFIG: policyWithLateCity(h) };
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it('says of every teacher what the run did: after a run nothing is left to push, and the same problems are said', async () => {
    const first = summaryOf(await h.cli(['sync', '--json'], env));
    expect(first.status).toBe('succeeded');
    const all = await explainAll();
    const outcomes = new Map<string, number>();
    for (const e of all) outcomes.set(e.next.outcome, (outcomes.get(e.next.outcome) ?? 0) + 1);
    // Every kind of standing the rules give is met in this world.
    expect([...outcomes.keys()].sort()).toEqual(['held', 'none', 'unchanged']);
    expect(all.some((e) => e.next.heldByRollout)).toBe(true);
    for (const path of ['quarantined-no-account', 'no-target-school', 'placed'] as const) expect(all.some((e) => e.next.path === path), path).toBe(true);
    expect(all.some((e) => e.identity.role === 'duplicate')).toBe(true);
    expect(all.every((e) => e.lastRun?.runId === first.runId)).toBe(true);
    expect(predictedProblems(all)).toEqual(problemKeys(await planProblems(first.runId)));
    // What the run pushed is where the explanation says the account belongs.
    for (const e of all.filter((x) => x.diff.account && x.next.outcome === 'unchanged')) expect(e.diff.account!.schoolId, e.teacherId).toBe(e.diff.desired!.schoolId);
  }, 240_000);

  it('predicts exactly the pushes of the next run after an assignment, and explains the move afterwards', async () => {
    // A live teacher with an account at a code several schools share.
    const pick = (await explainAll()).find((e) => e.rollout.live && e.diff.account && e.identity.role === 'winner' && e.school.schools.filter((x) => x.status === 'active').length > 1)!;
    const teacher = pick.teacherId;
    const other = pick.school.schools.find((x) => x.status === 'active' && x.schoolId !== pick.diff.account!.schoolId)!;
    const recorded = await h.cli(['reassign', '--teacher', teacher, '--school', other.schoolId, '--reason', '调往分校区任教', '--by', '王老师'], env);
    expect(recorded.code, recorded.stderr).toBe(0);

    const before = await explainAll();
    const one = before.find((e) => e.teacherId === teacher)!;
    const live = true;
    expect(one.placement).toMatchObject({ schoolId: other.schoolId, reason: 'manual', assignment: { verdict: 'holds', assignedBy: '王老师' } });
    expect(one.next.outcome).toBe(live ? 'move' : 'held');
    const expectedPushes = predictedPushes(before);
    const expectedProblems = predictedProblems(before);

    const second = summaryOf(await h.cli(['sync', '--full', '--json'], env));
    expect(second.moved).toBe(live ? 1 : 0);
    expect((await planned(second.runId)).map((i) => `${i.teacher_id}:${i.action}:${i.school_id}`).sort()).toEqual(expectedPushes);
    expect(problemKeys(await planProblems(second.runId))).toEqual(expectedProblems);

    const shown = await h.cli(['accounts', 'explain', '--teacher', teacher, '--json'], env);
    expect(shown.code, shown.stderr).toBe(0);
    const after = JSON.parse(shown.stdout) as TeacherExplanation;
    expect(after.lastRun).toMatchObject({ runId: second.runId, planned: live ? { action: 'move', schoolId: other.schoolId, state: 'done' } : null });
    expect(after.next.outcome).toBe(live ? 'unchanged' : 'held');
  }, 240_000);

  it('prints the steps in Chinese at a terminal, masked, and refuses an unknown teacher with exit 2', async () => {
    const [teacher] = (await explainAll()).filter((e) => e.diff.account).map((e) => e.teacherId);
    const text = await h.cli(['accounts', 'explain', '--teacher', teacher!], env);
    expect(text.code, text.stderr).toBe(0);
    for (const title of ['记录', '校验', '同一人', '学校', '校区', '上线批次', '与上次推送比较', '下一次同步', '上次同步']) expect(text.stdout).toContain(title);
    const model = h.sims.ttp.get(teacher!)!;
    expect(text.stdout).not.toContain(model.idNumber!);
    expect(text.stdout).not.toContain(model.name!);
    expect(text.stdout).toContain(`${[...model.name!][0]}*`);

    const unknown = await h.cli(['accounts', 'explain', '--teacher', 'T99999999'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('teacher T99999999 is not known');
  }, 120_000);
});
