import { afterAll, describe, expect, it } from 'vitest';
import type { Simulators } from '../../src/simulators/index.js';
import { accountDiscrepancies, seededRandom, withRepos, writeTestPolicy } from '../support/fault-checks.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

/**
 * A plan of everyone is read, decided and written a chunk at a time, each chunk written while the
 * next is decided. Cut into chunks of 7 records it must come to exactly what one chunk comes to:
 * the same planned changes, problems and kept standings, the same accounts on the platform.
 */

const WORLD = { seed: 11, teachers: 700 };
const WHOLE = writeTestPolicy({ sync: { planChunkSize: 20_000 } });
const SMALL = writeTestPolicy({ sync: { planChunkSize: 7 } });

/** The same changes in either world: moves between schools, leavers, new mobiles. */
function editWorld(sims: Simulators): void {
  const rnd = seededRandom(99);
  const active = sims.ttp.list().filter((t) => t.status === 'active');
  for (let i = 0; i < 40; i++) {
    const mover = active[Math.floor(rnd() * active.length)];
    const donor = active[Math.floor(rnd() * active.length)];
    if (mover && donor) sims.ttp.update(mover.teacherId, { institutionCode: donor.institutionCode, institutionName: donor.institutionName, countyCode: donor.countyCode });
  }
  for (let i = 0; i < 8; i++) {
    const leaver = active[Math.floor(rnd() * active.length)];
    if (leaver) sims.ttp.update(leaver.teacherId, { status: 'left' });
  }
}

/** What a run decided, in a stable order, without what differs between two databases (run ids). */
async function decided(h: Harness, runId: number) {
  return withRepos(h.database.url, async (_repos, db) => ({
    items: await db.selectFrom('plan_item').select(['external_id', 'teacher_id', 'action', 'school_id', 'desired_status', 'desired_hash', 'choice_reason', 'state'])
      .where('run_id', '=', runId).orderBy('external_id').execute(),
    problems: (await db.selectFrom('sync_problem').select(['teacher_id', 'code', 'detail']).where('run_id', '=', runId).execute())
      .map((p) => `${p.teacher_id ?? ''}|${p.code}|${p.detail}`).sort(),
    holds: await db.selectFrom('plan_hold').select(['group_key', 'standing']).orderBy('group_key').execute(),
    links: await db.selectFrom('account_link').select(['external_id', 'teacher_id', 'school_id', 'status', 'choice_reason']).orderBy('external_id').execute(),
  }));
}

describe('a plan of everyone in chunks', () => {
  const open: Harness[] = [];
  afterAll(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  it('decides, writes and pushes the same as one chunk, on the first day and after a week of changes', async () => {
    const whole = await startHarness('mariadb', WORLD);
    open.push(whole);
    const small = await startHarness('mariadb', WORLD);
    open.push(small);
    const sync = async (h: Harness, policy: string, args: string[]) => {
      const r = await h.cli(['sync', '--json', ...args], { TEACHER_SYNC_CONFIG: policy });
      expect(r.code, r.stderr).toBe(0);
      return summaryOf(r);
    };
    for (const args of [['--full'], ['--full', '--replan-all']]) {
      if (args.length > 1) {
        editWorld(whole.sims);
        editWorld(small.sims);
      }
      const a = await sync(whole, WHOLE, args);
      const b = await sync(small, SMALL, args);
      expect(b.plan, args.join(' ')).toEqual(a.plan);
      expect(accountDiscrepancies(small.sims.srp.accounts(), whole.sims.srp.accounts()), args.join(' ')).toEqual([]);
      const [da, db] = [await decided(whole, a.runId), await decided(small, b.runId)];
      expect(da.items.length, args.join(' ')).toBeGreaterThan(0);
      expect(db, args.join(' ')).toEqual(da);
    }
  }, 180_000);
});
