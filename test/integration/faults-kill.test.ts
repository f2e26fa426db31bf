import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Simulators } from '../../src/simulators/index.js';
import {
  accountDiscrepancies, cleanReference, confirmedCounts, expectNothingLeftToPush, expectSyncedLike, linkDiscrepancies,
  linkedButUncounted, PUSHED, pushedOf, receivedSince, runsOf, seededRandom, totalPushed, until, withRepos, writeTestPolicy,
  type PushedCounts, type Summary,
} from '../support/fault-checks.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

/**
 * The sync process is killed (SIGKILL: no handler runs, no lock is released) at seeded random
 * moments of its run, and a new run takes over. A run is killed in every cycle; between cycles the
 * teacher-training platform changes, so every killed run has work in hand. A twin world receives
 * the same changes and is synced without a kill: after every cycle both platforms hold the same
 * accounts.
 */

const WORLD = { seed: 7, teachers: 300 };
const BATCH = 10;
const CONCURRENCY = 2;
const IN_FLIGHT = BATCH * CONCURRENCY;
// Small chunks: a full run's plan is written a chunk at a time while the next is decided, and killed so too.
const POLICY = writeTestPolicy({ sync: { pageSize: 10, pushBatchSize: BATCH, pushConcurrency: CONCURRENCY, planChunkSize: 25 } });
const KILLS = 20;
const KILL_SEED = 20_261_129;
/** Each batch takes this long on the platform, so the push is most of the run, as it is in production. */
const BATCH_DELAY_MS = 200;
/** Edits are stamped from here on, an hour per cycle, the same in both worlds. */
const EDIT_EPOCH = Date.parse('2026-11-10T09:00:00+08:00');
const HOUR = 3_600_000;
const TEACHER_PAGE = 'GET /api/v1/teachers';
const PUSH_BATCH = 'POST /api/v1/teacher-accounts/batch';
type Aim = 'start-up' | 'anywhere' | 'pull' | 'push';
/**
 * Cycle by cycle: a random moment of start-up (at the latest its first call to a platform), a random
 * page of the pull, a random batch of the push, a random moment of the whole run.
 */
const AIMS: readonly Aim[] = ['start-up', 'pull', 'push', 'anywhere', 'push'];

/** The same changes, drawn from the same seed, in either world: new mobiles, leavers, returners, moves, a removal. */
function editWorld(sims: Simulators, cycle: number): void {
  const ttp = sims.ttp;
  const rnd = seededRandom(1000 + cycle);
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(rnd() * list.length)];
  ttp.setNow(EDIT_EPOCH + cycle * HOUR);
  const active = ttp.list().filter((t) => t.status === 'active');
  for (const t of active) {
    if (rnd() < 0.5) ttp.update(t.teacherId, { mobile: `139${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` });
  }
  for (let i = 0; i < 3; i++) {
    const leaver = pick(ttp.list().filter((t) => t.status === 'active'));
    if (leaver) ttp.update(leaver.teacherId, { status: 'left' });
  }
  for (let i = 0; i < 2; i++) {
    const returner = pick(ttp.list().filter((t) => t.status !== 'active'));
    if (returner) ttp.update(returner.teacherId, { status: 'active' });
  }
  for (let i = 0; i < 3; i++) {
    const mover = pick(active);
    const donor = pick(active);
    if (mover && donor) {
      ttp.update(mover.teacherId, { institutionCode: donor.institutionCode, institutionName: donor.institutionName, countyCode: donor.countyCode });
    }
  }
  const gone = pick(ttp.list());
  if (gone) ttp.remove(gone.teacherId);
  ttp.setNow(null);
}

interface Kill {
  cycle: number;
  /** What the kill was aimed at. */
  aim: Aim;
  /** The process was still running when the signal came. */
  alive: boolean;
  /** The phase its run had reached, or why it had none. */
  phase: string;
  /** It held the sync lock when it died. */
  heldLock: boolean;
}

describe('a sync killed with SIGKILL at random moments', () => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });
  const harness = async (kind: 'mariadb' | 'sqlite'): Promise<Harness> => {
    const h = await startHarness(kind, WORLD);
    open.push(h);
    return h;
  };
  const sync = async (h: Harness, args: string[] = []): Promise<Summary> => {
    const r = await h.cli(['sync', '--json', ...args], { TEACHER_SYNC_CONFIG: POLICY });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    return summaryOf(r);
  };

  it(`is taken over by the next run and loses and duplicates nothing, ${KILLS} times over`, async () => {
    const h = await harness('mariadb');
    const twin = await harness('sqlite');
    const url = h.database.url;

    // How long runs take as processes here, to spread the kills over: a first run (migrations, full
    // pull, every account created), then a run with nothing to push. Each is start-up (to the first
    // call to a platform) and the run proper; a cycle's run is the second plus its rounds of
    // batches at the first one's pace. The first half of start-up only loads code and is left out.
    const calibration = await harness('mariadb');
    calibration.sims.srp.faults.batchDelayMs = BATCH_DELAY_MS;
    let firstCallAt = 0;
    let firstBatchAt = 0;
    calibration.sims.registry.onRequest = (e) => {
      firstCallAt ||= e.atMs;
    };
    calibration.sims.srp.onRequest = (e) => {
      if (e.route === 'POST /api/v1/teacher-accounts/batch') firstBatchAt ||= e.atMs;
    };
    const timedRun = async () => {
      firstCallAt = 0;
      firstBatchAt = 0;
      const startedAt = Date.now();
      const r = await calibration.spawnCli(['sync', '--json'], { TEACHER_SYNC_CONFIG: POLICY }).done;
      expect(r.code, r.stderr).toBe(0);
      const endedAt = Date.now();
      return { startupMs: firstCallAt - startedAt, runMs: endedAt - firstCallAt, pushMs: endedAt - firstBatchAt, summary: summaryOf(r) };
    };
    const rounds = (s: Summary) => Math.ceil(totalPushed(pushedOf(s)) / IN_FLIGHT);
    const first = await timedRun();
    const roundMs = first.pushMs / rounds(first.summary);
    const idle = await timedRun();
    expect(totalPushed(pushedOf(idle.summary))).toBe(0);
    const killWindow = (cycle: number, clean: Summary): [number, number] =>
      cycle === 0 ? [first.startupMs / 2, first.startupMs + first.runMs] : [idle.startupMs / 2, idle.startupMs + idle.runMs + rounds(clean) * roundMs];

    const startupMs = (cycle: number) => (cycle === 0 ? first.startupMs : idle.startupMs);
    const random = seededRandom(KILL_SEED);
    const kills: Kill[] = [];
    // Load from other test files comes and goes, so a run may end well before the calibrated window
    // does: a victim seen to finish by itself says how long such a run takes now, and later windows
    // end there (per kind of run: a full one reads more).
    const finishedIn = new Map<string, number>();
    // A kill drawn after the run already ended kills nothing: such a cycle still checks the run, and
    // another cycle is drawn, until KILLS kills have landed in a live process (bounded).
    const landed = () => kills.filter((k) => k.alive).length;
    const countOf = (sim: { stats: { requests: Record<string, number> } }, route: string) => sim.stats.requests[route] ?? 0;
    for (let cycle = 0; landed() < KILLS && cycle < KILLS * 2; cycle++) {
      const args = cycle % 4 === 3 ? ['--full'] : [];
      if (cycle > 0) {
        editWorld(h.sims, cycle);
        editWorld(twin.sims, cycle);
      }
      const pagesBefore = countOf(twin.sims.ttp, TEACHER_PAGE);
      const batchesBefore = countOf(twin.sims.srp, PUSH_BATCH);
      const clean = await sync(twin, args);
      expect(clean.status).toBe('succeeded');
      // The twin asked for as many pages and sent as many batches as the victim will.
      const pages = countOf(twin.sims.ttp, TEACHER_PAGE) - pagesBefore;
      const batches = countOf(twin.sims.srp, PUSH_BATCH) - batchesBefore;

      const pushLogBefore = h.sims.srp.pushLog.length;
      h.sims.srp.faults.batchDelayMs = BATCH_DELAY_MS;
      // Where the kill is aimed: a random moment of the whole run, or a random request of the pull or
      // of the push. A timer alone lands wherever the machine's load puts the run; a request cannot
      // be missed, so every part of the run is hit whatever else the machine is doing.
      const aim = AIMS[cycle % AIMS.length] ?? 'anywhere';
      const [from, calibratedTo] = killWindow(cycle, clean);
      const kind = args.join(' ');
      const to = Math.max(from + 1, Math.min(calibratedTo, finishedIn.get(kind) ?? calibratedTo));
      const atMs = Math.round(from + random() * (to - from));
      const nthPage = 1 + Math.floor(random() * Math.max(1, pages));
      const nthBatch = 1 + Math.floor(random() * Math.max(1, batches));
      const afterBatchMs = Math.floor(random() * BATCH_DELAY_MS);
      const startUpAtMs = Math.round(random() * startupMs(cycle));
      const spawnedAt = Date.now();
      const victim = h.spawnCli(['sync', '--json', ...args], { TEACHER_SYNC_CONFIG: POLICY });
      let exited = false;
      let signalled = false;
      const ended = victim.done.then(() => {
        exited = true;
        if (!signalled && cycle > 0) finishedIn.set(kind, Date.now() - spawnedAt);
      });
      const aimed = new Promise<void>((resolve) => {
        if (aim === 'anywhere') setTimeout(resolve, atMs);
        if (aim === 'start-up') setTimeout(resolve, startUpAtMs);
        h.sims.registry.onRequest = () => {
          if (aim === 'start-up') resolve();
        };
        let seenPages = 0;
        let seenBatches = 0;
        h.sims.ttp.onRequest = (e) => {
          if (aim === 'pull' && e.route === TEACHER_PAGE && ++seenPages === nthPage) resolve();
        };
        h.sims.srp.onRequest = (e) => {
          if (aim === 'push' && e.route === PUSH_BATCH && ++seenBatches === nthBatch) setTimeout(resolve, afterBatchMs);
        };
      });
      await Promise.race([aimed, ended]);
      h.sims.registry.onRequest = null;
      h.sims.ttp.onRequest = null;
      h.sims.srp.onRequest = null;
      const alive = !exited;
      signalled = true;
      victim.kill('SIGKILL');
      await victim.done;
      // A batch the platform was working on when its sender died still lands: let it, before looking.
      await new Promise((r) => setTimeout(r, BATCH_DELAY_MS + 50));
      h.sims.srp.faults.batchDelayMs = 0;

      const lock = await withRepos(url, (repos) => repos.locks.current('sync').catch(() => null));
      const victimRun = (await runsOf(url).catch(() => [])).find((r) => r.pid === victim.pid);
      kills.push({ cycle, aim, alive, phase: victimRun?.phase ?? 'before its run began', heldLock: lock?.pid === victim.pid });

      const takeover = await sync(h, args);
      expect(takeover.status, `cycle ${cycle}`).toBe('succeeded');

      // The same accounts as the world synced without a kill, each once, each linked.
      expect(accountDiscrepancies(h.sims.srp.accounts(), twin.sims.srp.accounts()), `cycle ${cycle}`).toEqual([]);
      expect(await linkDiscrepancies(url, h.sims), `cycle ${cycle}`).toEqual([]);
      // No run left running, the killed one marked aborted (or finished, when the kill came late), the lock free.
      const runs = await runsOf(url);
      expect(runs.filter((r) => r.status === 'running').map((r) => r.id), `cycle ${cycle}`).toEqual([]);
      if (victimRun) expect(['aborted', 'succeeded'], `cycle ${cycle}`).toContain(runs.find((r) => r.id === victimRun.id)?.status);
      expect(await withRepos(url, (repos) => repos.locks.current('sync')), `cycle ${cycle}`).toBeNull();

      // The killed run and its successor counted the clean run's changes once between them; only
      // changes in flight at the kill (sent, answered, not yet recorded) were sent and counted twice.
      const killed: PushedCounts = victimRun ? await confirmedCounts(url, victimRun.id) : { created: 0, updated: 0, moved: 0, disabled: 0 };
      if (victimRun) expect(await linkedButUncounted(url, victimRun.id), `cycle ${cycle}: linked but never counted`).toEqual([]);
      for (const k of PUSHED) {
        expect(killed[k] + takeover[k], `cycle ${cycle}: ${k}`).toBeGreaterThanOrEqual(clean[k]);
        expect(killed[k] + takeover[k], `cycle ${cycle}: ${k}`).toBeLessThanOrEqual(clean[k] + IN_FLIGHT);
      }
      const received = receivedSince(h.sims, pushLogBefore);
      expect(received.items, `cycle ${cycle}: items received`).toBeGreaterThanOrEqual(totalPushed(pushedOf(clean)));
      expect(received.items, `cycle ${cycle}: items received`).toBeLessThanOrEqual(totalPushed(pushedOf(clean)) + IN_FLIGHT);
    }

    // The kills landed all over the run: in start-up, in the pulls, in the push, with the lock held.
    const phases = new Set(kills.filter((k) => k.alive).map((k) => k.phase));
    const summary = JSON.stringify(kills);
    expect(landed(), summary).toBe(KILLS);
    expect(kills.filter((k) => k.heldLock).length, summary).toBeGreaterThanOrEqual(KILLS * 0.35);
    expect(kills.filter((k) => k.phase === 'push').length, summary).toBeGreaterThanOrEqual(KILLS * 0.25);
    expect(phases.size, summary).toBeGreaterThanOrEqual(3);

    // A last full run on both: the same accounts, and nothing left to do.
    await sync(twin, ['--full']);
    await sync(h, ['--full']);
    expect(accountDiscrepancies(h.sims.srp.accounts(), twin.sims.srp.accounts())).toEqual([]);
    expect(await linkDiscrepancies(url, h.sims)).toEqual([]);
    await expectNothingLeftToPush(h.sims, () => sync(h));
  }, 420_000);

  it('starts on the next run after a kill while it creates the schema of a new database', async () => {
    const reference = await cleanReference(WORLD, POLICY);
    // Kill the first start once a few tables exist, once about half, once nearly all.
    for (const tables of [3, 9, 14]) {
      const h = await harness('mariadb');
      const schema = h.database.url.slice(h.database.url.lastIndexOf('/') + 1);
      const victim = h.spawnCli(['sync', '--json'], { TEACHER_SYNC_CONFIG: POLICY });
      const countTables = async () =>
        withRepos(h.database.url, async (_repos, db) => {
          const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ${schema}`.execute(db);
          return Number(rows[0]?.n ?? 0);
        });
      await until(async () => (await countTables()) >= tables, 30_000, `${tables} tables`);
      victim.kill('SIGKILL');
      await victim.done;

      const r = await h.cli(['sync', '--json'], { TEACHER_SYNC_CONFIG: POLICY });
      expect(r.code, `killed after ${tables} tables: ${r.stderr}`).toBe(0);
      await expectSyncedLike(h.sims, h.database.url, reference);
    }
    // Four first starts and three syncs of a new database: a minute on a quiet machine, more on a busy one.
  }, 300_000);
});
