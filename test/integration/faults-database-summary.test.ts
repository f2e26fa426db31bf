import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators } from '../../src/simulators/index.js';
import { until, writeTestPolicy } from '../support/fault-checks.js';
import { platformEnv, spawnBin, summaryOf } from '../support/harness.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../support/private-mariadb.js';

/**
 * The database dies in the middle of `sync --json` and stays down: a script reading stdout must see
 * the failure, as it does for an unreachable platform. The server is this test's own.
 */

const POLICY = writeTestPolicy({ sync: { pageSize: 20, pushBatchSize: 5, pushConcurrency: 1 } });

describe('sync --json when the database dies mid-run', () => {
  let server: PrivateMariaDb;
  const reportDir = mkdtempSync(join(tmpdir(), 'ts-db-summary-reports-'));

  beforeAll(async () => {
    server = await startPrivateMariaDb();
  });
  afterAll(async () => {
    await server?.destroy();
    rmSync(reportDir, { recursive: true, force: true });
  });

  it('prints the summary it has: status failed, the database named, the counts so far; exit 1', async () => {
    const sims = await startSimulators({ seed: 7, teachers: 200 });
    try {
      const url = await server.createDatabase('ts_summary_db_dies');
      const env = { ...platformEnv(sims, url), REPORT_DIR: reportDir, TEACHER_SYNC_CONFIG: POLICY };
      sims.srp.faults.batchDelayMs = 150;
      const run = spawnBin(['sync', '--json'], env);
      // The push comes after the findings are stored: two batches in, the run is past them.
      await until(() => sims.srp.stats.batchCalls >= 2, 60_000, 'the run to push');
      await server.stop('kill');
      const r = await Promise.race([run.done, new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000))]);
      if (r === null) run.kill('SIGKILL');
      expect(r, 'the run was still going 30 s after its database died').not.toBeNull();

      expect(r!.code, `${r!.stdout}\n${r!.stderr}`).toBe(1);
      const s = summaryOf(r!);
      expect(s.status).toBe('failed');
      expect(s['failure']).toBe('database-unavailable');
      expect(String(s['error'])).toMatch(new RegExp(`^the database at 127\\.0\\.0\\.1:${server.port} did not answer: `));
      expect(s.runId).toBeGreaterThan(0);
      expect(s.pulled).toBe(200);
      expect(s.mode).toBe('full');
      // stdout is the summary alone.
      expect(r!.stdout.trim().split('\n')).toHaveLength(1);
    } finally {
      await sims.close();
      if (!server.running()) await server.start();
    }
  });
});
