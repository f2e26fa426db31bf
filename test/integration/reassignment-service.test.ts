import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { listAssignments } from '../../src/assignments/assignment-list.js';
import { MovesChangedError } from '../../src/assignments/reassignment.js';
import { PushNowUnavailableError } from '../../src/assignments/reassignment.service.js';
import { teacherPlacement } from '../../src/assignments/teacher-placement.js';
import { loadBaseConfig, loadSyncConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startHarness, type Harness } from '../support/harness.js';
import { sharedCode, teachersAt } from '../support/world-picks.js';

/** The reassignment as a caller other than the CLI (the web console) makes it: through the app, no command in between. */
describe('the reassignment service of the app', () => {
  const open: (Harness | App)[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  const synced = async () => {
    const h = await startHarness('sqlite', { seed: 7, teachers: 300 });
    open.push(h);
    expect((await h.cli(['sync', '--json'])).code).toBe(0);
    return h;
  };

  it('checks, records and reads back a move where the platforms are not configured, and says it cannot push', async () => {
    const h = await synced();
    const { busiest, other } = sharedCode(h);
    const [teacher] = teachersAt(h, busiest.schoolId);
    const app = await createApp(loadBaseConfig(h.env), { logger: silentLogger() });
    open.push(app);
    expect(app.sync).toBeNull();
    expect(app.reassignment.canPush).toBe(false);

    const request = { teacherId: teacher!, schoolId: other.schoolId, reason: '调往分校区任教', line: null };
    const { moves, refused } = await app.reassignment.check([request], { force: false });
    expect(refused).toEqual([]);
    expect(moves).toMatchObject([{ fromSchoolId: busiest.schoolId, school: { schoolId: other.schoolId } }]);
    await app.reassignment.record(moves, { name: '王老师', atMs: Date.UTC(2026, 0, 5) }, { force: false });

    expect(await teacherPlacement(app.storage.repos, teacher!)).toMatchObject({ placement: 'manual-pending', assignment: { schoolId: other.schoolId, assignedBy: '王老师' } });
    expect(await listAssignments(app.storage.repos, {})).toEqual([expect.objectContaining({ teacherId: teacher, schoolId: other.schoolId, accountSchoolId: busiest.schoolId })]);
    expect(await teacherPlacement(app.storage.repos, 'T99999999')).toBeNull();

    // Shown once, recorded twice: the second finds the database changed and records nothing.
    await expect(app.reassignment.record(moves, { name: '李老师', atMs: Date.UTC(2026, 0, 6) }, { force: false })).rejects.toBeInstanceOf(MovesChangedError);
    await expect(app.reassignment.pushNow([teacher!])).rejects.toBeInstanceOf(PushNowUnavailableError);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(busiest.schoolId);
  });

  it('pushes an undone assignment at once and says what the plan did for the teacher', async () => {
    const h = await synced();
    const { busiest, other } = sharedCode(h);
    const [teacher] = teachersAt(h, busiest.schoolId);
    expect((await h.cli(['reassign', '--teacher', teacher!, '--school', other.schoolId, '--reason', 'temporary', '--push-now'])).code).toBe(0);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(other.schoolId);

    const app = await createApp(loadSyncConfig(h.env), { logger: silentLogger() });
    open.push(app);
    const checked = await app.reassignment.checkUndo(teacher!);
    if ('refused' in checked) throw new Error(checked.refused);
    expect(checked.automatic?.schoolId).toBe(busiest.schoolId);
    await app.reassignment.recordUndo(checked, { name: '王老师', atMs: Date.UTC(2026, 0, 7) }, 'back to the main campus');

    const { summary, items } = await app.reassignment.pushNow([teacher!]);
    expect(summary.status).toBe('succeeded');
    // One item of the plan, the move (its fields are the plan store's to name).
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items)).toContain(busiest.schoolId);
    expect(h.sims.srp.account(teacher!)?.schoolId).toBe(busiest.schoolId);
    expect(await app.reassignment.checkUndo(teacher!)).toMatchObject({ refused: expect.stringContaining('has no manual assignment') });
  });
});
