import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type Simulators } from '../../src/simulators/index.js';
import {
  cleanReference, confirmedCounts, expectNothingLeftToPush, expectSyncedLike, linkedButUncounted, PUSHED, pushedOf, runsOf,
  totalPushed, until, writeTestPolicy, type Reference, type Summary,
} from '../support/fault-checks.js';
import { platformEnv, runInProcess, spawnBin, summaryOf, type CliResult } from '../support/harness.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../support/private-mariadb.js';

/**
 * The database goes away in the middle of a run: killed as by the OOM killer, or shut down and
 * started again. The sync runs as its own process, so it meets the outage through its real
 * connection pool. Whatever becomes of that run, the next one must finish the work. The server is
 * one of this test's own: the MariaDB the other tests share is never touched.
 */

const WORLD = { seed: 7, teachers: 300 };
const BATCH = 5;
const CONCURRENCY = 2;
const POLICY = writeTestPolicy({ sync: { pageSize: 5, pushBatchSize: BATCH, pushConcurrency: CONCURRENCY } });
const IN_FLIGHT = BATCH * CONCURRENCY;
const VICTIM_EXIT_MS = 30_000;

interface Outage {
  name: string;
  /** True once the run is where the outage should meet it. */
  reached(sims: Simulators): boolean;
  how: 'kill' | 'term';
  downMs: number;
}

const OUTAGES: Outage[] = [
  { name: 'killed for 1.5 s while teachers are pulled', reached: (s) => (s.ttp.stats.requests['GET /api/v1/teachers'] ?? 0) >= 12, how: 'kill', downMs: 1500 },
  { name: 'killed for 1.5 s while accounts are pushed', reached: (s) => s.srp.stats.itemsPushed >= 40, how: 'kill', downMs: 1500 },
  { name: 'shut down and started again at once while accounts are pushed', reached: (s) => s.srp.stats.itemsPushed >= 60, how: 'term', downMs: 0 },
];

describe('a sync whose MariaDB restarts in the middle of the run', () => {
  let server: PrivateMariaDb;
  let reference: Reference;
  const reportDir = mkdtempSync(join(tmpdir(), 'ts-fault-reports-'));

  beforeAll(async () => {
    // Fails here, with the server's own words, when no private server can be started on this machine.
    server = await startPrivateMariaDb();
    reference = await cleanReference(WORLD, POLICY);
  });
  afterAll(async () => {
    await server?.destroy();
    rmSync(reportDir, { recursive: true, force: true });
  });

  /**
   * The interrupted run and the one after it counted each change of the clean run once; a change
   * counted twice was in flight when the database failed (sent and answered, not recorded).
   */
  async function expectCountedOnce(url: string, interruptedRunId: number, next: Summary): Promise<void> {
    expect(await linkedButUncounted(url, interruptedRunId), 'accounts the interrupted run confirmed and linked but never counted').toEqual([]);
    const first = await confirmedCounts(url, interruptedRunId);
    for (const k of PUSHED) {
      expect(first[k] + next[k], k).toBeGreaterThanOrEqual(reference.summary[k]);
      expect(first[k] + next[k], k).toBeLessThanOrEqual(reference.summary[k] + IN_FLIGHT);
    }
  }

  it.each(OUTAGES.map((o, i) => ({ ...o, i })))('finishes the work on the next run when the database is $name', async ({ i, reached, how, downMs }) => {
    const sims = await startSimulators(WORLD);
    try {
      const url = await server.createDatabase(`ts_restart_${i}`);
      const env = { ...platformEnv(sims, url), REPORT_DIR: reportDir, TEACHER_SYNC_CONFIG: POLICY };
      // Slow enough that the outage lands inside the phase it is meant for.
      sims.ttp.faults.delayMs = 25;
      sims.srp.faults.batchDelayMs = 120;

      const victim = spawnBin(['sync', '--json'], env);
      await until(() => reached(sims), 30_000, 'the run to reach the outage');
      await server.stop(how);
      await new Promise((r) => setTimeout(r, downMs));
      await server.start();
      const outcome = await Promise.race([victim.done, new Promise<null>((r) => setTimeout(() => r(null), VICTIM_EXIT_MS))]);
      if (outcome === null) victim.kill('SIGKILL');
      expect(outcome, `the run that met the outage was still running ${VICTIM_EXIT_MS} ms after the database came back`).not.toBeNull();
      sims.ttp.faults = {};
      sims.srp.faults = {};

      const sync = async (): Promise<Summary> => {
        const r: CliResult = await runInProcess(['sync', '--json'], env);
        expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
        return summaryOf(r);
      };
      const next = await sync();
      expect(next.status).toBe('succeeded');
      await expectSyncedLike(sims, url, reference);

      const runs = await runsOf(url);
      expect(runs.at(-1)?.status).toBe('succeeded');
      const victimRun = runs.find((r) => r.pid === victim.pid);
      expect(victimRun, 'the run that met the outage').toBeDefined();
      expect(['failed', 'aborted', 'succeeded']).toContain(victimRun!.status);
      await expectCountedOnce(url, victimRun!.id, next);
      const expected = totalPushed(pushedOf(reference.summary));
      expect(sims.srp.stats.itemsPushed).toBeGreaterThanOrEqual(expected);
      expect(sims.srp.stats.itemsPushed).toBeLessThanOrEqual(expected + IN_FLIGHT);
      await expectNothingLeftToPush(sims, sync);
    } finally {
      await sims.close();
    }
  });

  it('counts every change once when the database fails between the writes that record a batch', async () => {
    const sims = await startSimulators(WORLD);
    try {
      const database = 'ts_restart_record';
      const url = await server.createDatabase(database);
      const env = { ...platformEnv(sims, url), REPORT_DIR: reportDir, TEACHER_SYNC_CONFIG: POLICY };
      const sync = async (): Promise<Summary> => {
        const r = await runInProcess(['sync', '--json'], env);
        expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
        return summaryOf(r);
      };
      expect((await runInProcess(['migrate'], env)).code).toBe(0);
      // Once 40 accounts are linked the database refuses the next write, as a server that goes away
      // after one statement of a batch's record and before the next: the same outage as above, but
      // landing at that point every time.
      await server.query(database, `CREATE TRIGGER fail_recording BEFORE UPDATE ON plan_item FOR EACH ROW
        BEGIN
          IF NEW.state = 'done' AND (SELECT COUNT(*) FROM account_link) >= 40 THEN
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the database went away';
          END IF;
        END`);
      const interrupted = summaryOf(await runInProcess(['sync', '--json'], env));
      expect(interrupted.status).toBe('failed');
      await server.query(database, 'DROP TRIGGER fail_recording');

      const next = await sync();
      expect(next.status).toBe('succeeded');
      await expectSyncedLike(sims, url, reference);
      expect((await runsOf(url)).map((r) => r.status)).toEqual(['failed', 'succeeded']);
      await expectCountedOnce(url, interrupted.runId, next);
      await expectNothingLeftToPush(sims, sync);
    } finally {
      await sims.close();
    }
  });
});
