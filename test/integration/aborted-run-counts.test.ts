import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/db/repositories/sync-run.repository.js';
import { until, writeTestPolicy } from '../support/fault-checks.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

/**
 * A sync killed in the middle of its push is marked aborted by the next one. The accounts the
 * platform confirmed to it were recorded as they were answered, so its counts say what it did, and
 * the next run counts only what it pushed itself: together they add up to what the platform got.
 */

const BATCH = 5;
const POLICY = writeTestPolicy({ sync: { pushBatchSize: BATCH, pushConcurrency: 1 } });

describe('the counts of a run that was killed and taken over', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('mariadb', { seed: 7, teachers: 200 });
  });
  afterAll(async () => h.close());

  it('say what each run did, and add up to what the platform received', async () => {
    const env = { TEACHER_SYNC_CONFIG: POLICY };
    h.sims.srp.faults.batchDelayMs = 60;
    const victim = h.spawnCli(['sync', '--json'], env);
    await until(() => h.sims.srp.stats.batchCalls >= 8, 60_000, 'the run to push eight batches');
    victim.kill('SIGKILL');
    await victim.done;
    h.sims.srp.faults = {};

    const next = await h.cli(['sync', '--json'], env);
    expect(next.code, next.stderr).toBe(0);
    const taker = summaryOf(next);
    expect(taker.status).toBe('succeeded');

    const list = await h.cli(['runs', 'list', '--json'], env);
    const runs = (JSON.parse(list.stdout) as RunRecord[]).sort((a, b) => a.id - b.id);
    expect(runs.map((r) => r.status)).toEqual(['aborted', 'succeeded']);
    const [aborted, finisher] = runs as [RunRecord, RunRecord];
    expect(finisher.created).toBe(taker.created);
    // Seven batches at least were answered and recorded before the kill.
    expect(aborted.created).toBeGreaterThanOrEqual(7 * BATCH);

    const created = h.sims.srp.pushLog.filter((e) => e.status === 201).length;
    const accounts = h.sims.srp.accounts().length;
    expect(created).toBe(accounts);
    // A batch in flight at the kill may have been applied and not recorded: the next run sends it again.
    expect(aborted.created + finisher.created).toBeGreaterThanOrEqual(accounts);
    expect(aborted.created + finisher.created).toBeLessThanOrEqual(accounts + BATCH);

    const shown = await h.cli(['runs', 'show', String(aborted.id), '--json'], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'aborted', created: aborted.created, failed: 0 });
  });
});
