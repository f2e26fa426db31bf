import { afterEach, describe, expect, it } from 'vitest';
import { summaryText } from '../../src/cli/sync.command.js';
import type { RunSummary } from '../../src/sync/sync-run.js';
import { writeTestPolicy } from '../support/fault-checks.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

/**
 * A run that finished with failed changes says how they failed: refused by the platform one by one
 * (exit 3), or never answered after every retry (exit 5), and its JSON summary names which.
 */

const BATCH_ROUTE = 'POST /api/v1/teacher-accounts/batch';
// One batch at a time and one retry: which batches fail is decided by the order of the calls alone.
const POLICY = writeTestPolicy({ sync: { pushBatchSize: 5, pushConcurrency: 1 }, http: { retries: 1, minRetryDelayMs: 5, maxRetryDelayMs: 10 } });

describe('the exit code of a run with failed changes', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('is 5, platform-unavailable, when a batch ran out of retries on 5xx', async () => {
    h = await startHarness('mariadb', { seed: 7, teachers: 60 });
    let batchCalls = 0;
    h.sims.srp.onRequest = (e) => {
      if (e.route !== BATCH_ROUTE) return;
      batchCalls++;
      // The third batch is answered 5xx on its first try and on its retry; the rest go through.
      if (batchCalls === 2) h.sims.srp.faults = { errorRate: 1, retryAfterSeconds: 0 };
      if (batchCalls === 4) h.sims.srp.faults = {};
    };
    const r = await h.cli(['sync', '--json'], { TEACHER_SYNC_CONFIG: POLICY });
    const s = summaryOf(r);
    expect(s.status).toBe('partial');
    expect(s.failed).toBe(5);
    expect(s['failure']).toBe('platform-unavailable');
    expect(s['failedBy']).toEqual({ refused: 0, unavailable: 5 });
    expect(r.code, r.stderr).toBe(5);
    expect(summaryText(s as unknown as RunSummary)).toContain('  PLATFORM UNAVAILABLE: 5 change(s) not sent after every retry; the next run sends them');
    const again = await h.cli(['sync'], { TEACHER_SYNC_CONFIG: POLICY });
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('is 3, refused, when the platform refused accounts one by one', async () => {
    h = await startHarness('mariadb', { seed: 7, teachers: 60 });
    h.sims.srp.onRequest = (e) => {
      // Every school is closed as the push begins: the platform answers each account 404.
      if (e.route === BATCH_ROUTE) for (const school of h.sims.srp.schools()) h.sims.srp.upsertSchool({ ...school, status: 'inactive' });
    };
    const r = await h.cli(['sync', '--json'], { TEACHER_SYNC_CONFIG: POLICY });
    const s = summaryOf(r);
    expect(s.status).toBe('partial');
    expect(s.failed).toBeGreaterThan(0);
    expect(s['failure']).toBe('refused');
    expect(s['failedBy']).toEqual({ refused: s.failed, unavailable: 0 });
    expect(r.code, r.stderr).toBe(3);
    expect(summaryText(s as unknown as RunSummary)).toContain(`  REFUSED: the platform refused ${s.failed} change(s) one by one; see the problems (runs show ${s.runId})`);
  });

  it('is 5, platform-unavailable, when a platform did not answer the pull after every retry', async () => {
    h = await startHarness('mariadb', { seed: 7, teachers: 60 });
    h.sims.ttp.faults = { errorRate: 1, retryAfterSeconds: 0 };
    const r = await h.cli(['sync', '--json'], { TEACHER_SYNC_CONFIG: POLICY });
    const s = summaryOf(r);
    expect(s.status).toBe('failed');
    expect(s['failure']).toBe('platform-unavailable');
    expect(String(s['error'])).toMatch(/^ttp .*HTTP 50[023]/);
    expect(r.code, r.stderr).toBe(5);
  });
});
