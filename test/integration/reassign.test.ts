import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { residentIdCheckChar } from '../../src/simulators/index.js';
import type { DbKind } from '../support/databases.js';
import { startHarness, summaryOf, type CliResult, type Harness } from '../support/harness.js';
import { sharedCode, singleSchoolCode, teachersAt } from '../support/world-picks.js';

const json = <T>(r: CliResult): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

interface ShownTeacher {
  teacher: { teacherId: string };
  schoolId: string | null;
  placement: string;
  assignment: { schoolId: string; state: string } | null;
}

interface AuditRow {
  action: string;
  actor: string;
  source: string;
  reason: string | null;
  teacherId: string;
  before: { schoolId: string | null; assignment: { schoolId: string; state: string } | null };
  after: { schoolId: string | null; assignment: { schoolId: string; state: string } | null };
}

// Each spawned command starts Node and tsx afresh: seconds apiece on a busy two-core machine.
const SPAWNING_TEST_TIMEOUT_MS = 240_000;

describe.each<DbKind>(['sqlite', 'mariadb'])('manual assignments through the CLI on %s', (kind) => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  /** A harness after a first full sync, and the CLI as an operator runs it: a process of its own. */
  const synced = async () => {
    const h = await startHarness(kind, { seed: 7, teachers: 600 });
    open.push(h);
    expect((await h.cli(['sync', '--json'])).code).toBe(0);
    const run = (args: string[]) => h.spawnCli(args).done;
    const sync = async (...flags: string[]) => summaryOf(await h.cli(['sync', '--json', ...flags]));
    const shown = async (code: string, teacherId: string, spawned = false) => {
      const args = ['shared-codes', 'show', code, '--json'];
      return json<{ teachers: ShownTeacher[] }>(await (spawned ? run(args) : h.cli(args))).teachers.find((t) => t.teacher.teacherId === teacherId);
    };
    return { h, run, sync, shown };
  };

  it('keeps a reassignment through three later syncs, a full one and a rule that says otherwise included', async () => {
    const { h, run, sync, shown } = await synced();
    const { code, busiest, other } = sharedCode(h);
    const [teacher] = teachersAt(h, busiest.schoolId);

    const recorded = await run(['reassign', '--teacher', teacher!, '--school', other.schoolId, '--reason', '调往分校区任教', '--by', '王老师']);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain(`recorded: ${teacher}`);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(busiest.schoolId);

    expect((await sync()).moved).toBe(1);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(other.schoolId);

    // The teacher's record now names the busiest campus and changes: the rule would move it back.
    h.sims.ttp.update(teacher!, { institutionName: `${busiest.name}（${busiest.campusName ?? '本部'}）`, mobile: '13912345678' });
    const second = await sync();
    expect(second.updated).toBe(1);
    expect(second.moved).toBe(0);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(other.schoolId);
    expect(h.sims.srp.account(teacher!)?.mobile).toBe('13912345678');

    const full = await sync('--full');
    expect(full.mode).toBe('full');
    expect(full.moved).toBe(0);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(other.schoolId);

    expect(await shown(code, teacher!, true)).toMatchObject({ schoolId: other.schoolId, placement: 'manual', assignment: { schoolId: other.schoolId, state: 'active' } });
    const listed = json<{ code: string; schools: { schoolId: string; teachers: { manual: number } }[] }[]>(await h.cli(['shared-codes', 'list', '--json']));
    expect(listed.find((c) => c.code === code)?.schools.find((s) => s.schoolId === other.schoolId)?.teachers.manual).toBe(1);
    const audit = json<AuditRow[]>(await h.cli(['audit', 'list', '--teacher', teacher!, '--json']));
    expect(audit).toMatchObject([{ action: 'assign', actor: '王老师', source: 'cli', reason: '调往分校区任教', before: { schoolId: busiest.schoolId, assignment: null }, after: { schoolId: other.schoolId } }]);
  });

  it('creates the account of a teacher who had none where the assignment says', async () => {
    const { h, run, sync } = await synced();
    const { busiest, other } = sharedCode(h);
    const model = h.sims.ttp.get(teachersAt(h, busiest.schoolId)[0]!)!;
    const body = '33010219850615987';
    h.sims.ttp.upsert({ ...model, teacherId: 'T09999999', name: '新来的', idNumber: body + residentIdCheckChar(body), mobile: null, email: null });
    h.sims.ttp.update('T09999999', { status: 'left' });
    expect((await sync()).created).toBe(0);

    const recorded = await run(['reassign', '--teacher', 'T09999999', '--school', other.schoolId, '--reason', '新入职，在分校区']);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('(no account yet)');
    h.sims.ttp.update('T09999999', { status: 'active' });
    expect((await sync()).created).toBe(1);
    expect(h.sims.srp.account('T09999999')?.schoolId).toBe(other.schoolId);
  });

  it('applies a moves file all or nothing: one bad row changes nothing, then the fixed file applies whole', async () => {
    const { h, run, sync } = await synced();
    const { busiest, other } = sharedCode(h);
    const [a, b, c] = teachersAt(h, busiest.schoolId);
    const dir = mkdtempSync(join(tmpdir(), 'ts-moves-'));
    const file = join(dir, 'moves.csv');
    const elsewhere = singleSchoolCode(h, busiest.institutionCode);
    writeFileSync(file, `\uFEFFteacherId,schoolId,reason\n${a},${other.schoolId},"校长批准, 2026年"\n${b},${other.schoolId},教研组调整\n${c},${elsewhere.schoolId},typo\n`);
    const before = JSON.stringify(h.sims.srp.accounts());

    const refused = await run(['reassign', '--file', file, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`moves.csv:4: school ${elsewhere.schoolId} carries code ${elsewhere.institutionCode}`);
    expect(refused.stderr).toMatch(/1 of 3 rows refused; nothing was recorded/);
    expect(refused.stderr).not.toContain('moves.csv:2');
    expect(json<unknown[]>(await h.cli(['overrides', 'list', '--json']))).toEqual([]);
    expect(json<unknown[]>(await h.cli(['audit', 'list', '--json']))).toEqual([]);
    expect((await sync()).moved).toBe(0);
    expect(JSON.stringify(h.sims.srp.accounts())).toBe(before);

    writeFileSync(file, `teacherId,schoolId,reason\n${a},${other.schoolId},"校长批准, 2026年"\n${b},${other.schoolId},教研组调整\n`);
    const unconfirmed = await run(['reassign', '--file', file]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout).toContain('2 move(s) to record');
    expect(unconfirmed.stderr).toContain('--yes');
    expect(json<unknown[]>(await h.cli(['overrides', 'list', '--json']))).toEqual([]);

    const applied = await h.cli(['reassign', '--file', file, '--yes', '--by', '教育局']);
    expect(applied.code, applied.stderr).toBe(0);
    const overrides = json<{ teacherId: string; schoolId: string; reason: string; assignedBy: string }[]>(await h.cli(['overrides', 'list', '--json']));
    expect(overrides.map((o) => [o.teacherId, o.schoolId, o.assignedBy]).sort()).toEqual([[a, other.schoolId, '教育局'], [b, other.schoolId, '教育局']].sort());
    expect(overrides.find((o) => o.teacherId === a)?.reason).toBe('校长批准, 2026年');
    expect((await sync()).moved).toBe(2);
    for (const t of [a, b]) expect(h.sims.srp.account(t!)?.schoolId).toBe(other.schoolId);
  });

  it('asks at a terminal before recording a file, and records nothing on no', async () => {
    const { h, sync } = await synced();
    const { busiest, other } = sharedCode(h);
    const [teacher] = teachersAt(h, busiest.schoolId);
    const file = join(mkdtempSync(join(tmpdir(), 'ts-moves-')), 'moves.csv');
    writeFileSync(file, `teacherId,schoolId,reason\n${teacher},${other.schoolId},asked\n`);
    const atTerminal = (answer: string) => {
      const questions: string[] = [];
      let stdout = '';
      const io: CliIo = {
        env: h.env, out: (l) => { stdout += `${l}\n`; }, err: () => {}, stderr: process.stderr, isTty: true, setExitCode: () => {},
        ask: async (q) => { questions.push(q); return answer; },
      };
      return { io, questions, stdout: () => stdout };
    };
    const no = atTerminal('');
    expect(await runCli(['reassign', '--file', file], no.io)).toBe(0);
    expect(no.questions).toEqual(['Record these 1 move(s)? [y/N] ']);
    expect(no.stdout()).toContain('nothing was recorded');
    expect(json<unknown[]>(await h.cli(['overrides', 'list', '--json']))).toEqual([]);

    const yes = atTerminal('y');
    expect(await runCli(['reassign', '--file', file], yes.io)).toBe(0);
    expect(yes.stdout()).toContain('recorded 1 move(s)');
    expect((await sync()).moved).toBe(1);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(other.schoolId);
  });

  it('returns an undone teacher to the automatic choice, pushed at once with --push-now', async () => {
    const { h, run, sync, shown } = await synced();
    const { code, busiest, other } = sharedCode(h);
    const [teacher] = teachersAt(h, busiest.schoolId);
    const automatic = (await shown(code, teacher!))!.placement;
    expect((await h.cli(['reassign', '--teacher', teacher!, '--school', other.schoolId, '--reason', 'temporary'])).code).toBe(0);
    expect((await sync()).moved).toBe(1);

    const undone = await run(['reassign', '--undo', teacher!, '--reason', 'back to the main campus', '--push-now']);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain(`the automatic choice (${automatic}) is ${busiest.schoolId}`);
    expect(undone.stdout).toMatch(new RegExp(`${teacher}\\s+${teacher}\\s+move\\s+${busiest.schoolId}\\s+pushed`));
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(busiest.schoolId);
    expect(await shown(code, teacher!)).toMatchObject({ schoolId: busiest.schoolId, placement: automatic, assignment: null });
    expect((await sync('--full')).moved).toBe(0);

    const again = await h.cli(['reassign', '--undo', teacher!]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('has no manual assignment');
  });

  it('keeps the teacher in place and reports the assignment stale when the code changes or the school goes', async () => {
    const { h, run, sync } = await synced();
    const { busiest, other } = sharedCode(h);
    const [moved, closed] = teachersAt(h, busiest.schoolId);
    for (const t of [moved, closed]) expect((await h.cli(['reassign', '--teacher', t!, '--school', other.schoolId, '--reason', 'campus move'])).code).toBe(0);
    expect((await sync()).moved).toBe(2);

    const elsewhere = singleSchoolCode(h, busiest.institutionCode);
    h.sims.ttp.update(moved!, { institutionCode: elsewhere.institutionCode, institutionName: elsewhere.name });
    const first = await sync();
    expect(first.moved).toBe(0);
    expect(first.problems).toMatchObject({ ASSIGNMENT_STALE: 1 });
    expect(h.sims.srp.account(moved!)?.schoolId).toBe(other.schoolId);

    const stale = json<{ teacherId: string; state: string; staleReason: string; accountSchoolId: string }[]>(await run(['overrides', 'list', '--stale', '--json']));
    expect(stale).toEqual([expect.objectContaining({ teacherId: moved, state: 'stale', staleReason: 'stale-code-changed', accountSchoolId: other.schoolId })]);
    const human = await h.cli(['overrides', 'list', '--stale']);
    expect(human.stdout).toContain(`code ${busiest.institutionCode} → ${elsewhere.institutionCode}`);

    // Later runs keep it in place and keep reporting it until someone acts.
    const full = await sync('--full');
    expect(full.moved).toBe(0);
    expect(full.problems).toMatchObject({ ASSIGNMENT_STALE: 1 });
    expect(h.sims.srp.account(moved!)?.schoolId).toBe(other.schoolId);
    const runShown = await h.cli(['runs', 'show', String(full.runId)]);
    expect(runShown.stdout).toMatch(/ASSIGNMENT_STALE\s+1/);
    // ... and the county bureau reads it in its report
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const csvs = readdirSync(h.env['REPORT_DIR']!, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.csv'));
    const reported = csvs.map((f) => readFileSync(join(h.env['REPORT_DIR']!, f), 'utf8')).filter((t) => t.includes(moved!) && t.includes('手工调整的校区已失效'));
    expect(reported.length).toBeGreaterThan(0);

    h.sims.srp.upsertSchool({ ...other, status: 'inactive' });
    const gone = await sync();
    expect(gone.problems).toMatchObject({ ASSIGNMENT_STALE: 2 });
    expect(h.sims.srp.account(closed!)?.schoolId).toBe(other.schoolId);
    const both = json<{ teacherId: string; staleReason: string }[]>(await h.cli(['overrides', 'list', '--stale', '--json']));
    expect(both.map((o) => [o.teacherId, o.staleReason]).sort()).toEqual([[closed, 'stale-school-gone'], [moved, 'stale-code-changed']].sort());

    // Undo hands the teacher back to the rules: its new code's only school.
    expect((await h.cli(['reassign', '--undo', moved!, '--reason', 'changed school', '--by', '李老师'])).code).toBe(0);
    expect((await sync()).moved).toBe(1);
    expect(h.sims.srp.account(moved!)?.schoolId).toBe(elsewhere.schoolId);

    const audit = json<AuditRow[]>(await run(['audit', 'list', '--teacher', moved!, '--json']));
    expect(audit.map((e) => [e.action, e.source])).toEqual([['assign', 'cli'], ['stale', 'sync'], ['undo', 'cli']]);
    expect(audit[1]).toMatchObject({
      actor: 'teacher-sync', teacherId: moved,
      before: { schoolId: other.schoolId, assignment: { state: 'active' } },
      after: { schoolId: other.schoolId, assignment: { state: 'stale' } },
    });
    expect(audit[1]!.reason).toContain(`${busiest.institutionCode} → ${elsewhere.institutionCode}`);
    expect(audit[2]).toMatchObject({ actor: '李老师', reason: 'changed school', before: { assignment: { state: 'stale' } }, after: { schoolId: elsewhere.schoolId, assignment: null } });
  });

  it('refuses what it cannot do with a message that says what to do, and shows an account masked', async () => {
    const { h, run } = await synced();
    const { busiest, other } = sharedCode(h);
    const [teacher] = teachersAt(h, busiest.schoolId);
    const elsewhere = singleSchoolCode(h, busiest.institutionCode);
    const reassign = (...args: string[]) => run(['reassign', '--reason', 'test', ...args]);

    const acrossCodes = await reassign('--teacher', teacher!, '--school', elsewhere.schoolId);
    const unknownTeacher = await h.cli(['reassign', '--reason', 'test', '--teacher', 'T99999999', '--school', other.schoolId]);
    const unknownSchool = await h.cli(['reassign', '--reason', 'test', '--teacher', teacher!, '--school', 'S9999999']);
    const usage = await h.cli(['reassign', '--teacher', teacher!, '--undo', teacher!]);
    const noReason = await h.cli(['reassign', '--teacher', teacher!, '--school', other.schoolId]);
    expect(unknownTeacher.code).toBe(1);
    expect(unknownTeacher.stderr).toContain('teacher T99999999 is not known');
    expect(unknownSchool.code).toBe(1);
    expect(unknownSchool.stderr).toContain(`school S9999999 is not a student-record school: \`teacher-sync shared-codes show ${busiest.institutionCode}\``);
    expect(acrossCodes.code).toBe(1);
    expect(acrossCodes.stderr).toContain('--force');
    expect(usage.code).toBe(2);
    expect(noReason.code).toBe(2);
    expect(json<unknown[]>(await h.cli(['audit', 'list', '--json']))).toEqual([]);

    const forced = await reassign('--teacher', teacher!, '--school', elsewhere.schoolId, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('forced');
    const same = await h.cli(['reassign', '--teacher', teacher!, '--school', elsewhere.schoolId, '--force', '--reason', 'again']);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('nothing would change');

    const idNumber = h.sims.ttp.get(teacher!)!.idNumber!;
    const shown = await run(['accounts', 'show', '--teacher', teacher!]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/\d{6}\*{8}[\dX]{4}/);
    expect(shown.stdout).toContain(elsewhere.schoolId);
    const asJson = await h.cli(['accounts', 'show', '--teacher', teacher!, '--json']);
    for (const out of [shown.stdout, asJson.stdout]) expect(out.toUpperCase()).not.toContain(idNumber.replace(/\s/g, '').toUpperCase());
    expect(json<{ account: { schoolId: string }; assignment: { schoolId: string } }>(asJson)).toMatchObject({ account: { schoolId: busiest.schoolId }, assignment: { schoolId: elsewhere.schoolId } });
    const missing = await h.cli(['accounts', 'show', '--teacher', 'T99999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('is not known');
  });
}, SPAWNING_TEST_TIMEOUT_MS);
