import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../src/db/ports/sync-run.port.js';
import { finalStatus, runMode, zeroCounts } from '../../src/sync/run-lifecycle.js';

const counts = (c: Partial<ReturnType<typeof zeroCounts>>) => ({ ...zeroCounts(), ...c });

describe('the status a run ends with', () => {
  it.each<[string, Parameters<typeof finalStatus>[0], RunStatus]>([
    ['all pushed', { safetyReason: null, counts: counts({ created: 3 }) }, 'succeeded'],
    ['nothing to push', { safetyReason: null, counts: counts({}) }, 'succeeded'],
    ['some changes failed', { safetyReason: null, counts: counts({ created: 3, failed: 1 }) }, 'partial'],
    ['the safety limit kept disables back', { safetyReason: 'too many disables', counts: counts({ created: 3, failed: 1 }) }, 'stopped'],
    ['a source shrank: halted before the safety limit is asked', { halted: true, safetyReason: 'registry shrank', counts: counts({}) }, 'halted'],
    ['push jobs failed for good and nothing was pushed', { safetyReason: null, counts: counts({ failed: 50 }), failedJobs: 2 }, 'failed'],
    ['push jobs failed for good but others pushed', { safetyReason: null, counts: counts({ updated: 1, failed: 50 }), failedJobs: 2 }, 'partial'],
  ])('%s', (_label, run, status) => {
    expect(finalStatus(run)).toBe(status);
  });

  it.each<[boolean, number | null, 'full' | 'delta']>([
    [true, 1, 'full'],
    [false, null, 'full'],
    [false, 1, 'delta'],
  ])('full=%s with cursor %s is a %s run', (full, cursor, mode) => {
    expect(runMode(full, cursor)).toBe(mode);
  });
});
