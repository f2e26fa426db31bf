import { describe, expect, it } from 'vitest';
import { judgeHealth } from '../../src/daemon/health.js';
import type { RunRecord } from '../../src/db/repositories/sync-run.repository.js';

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;

function run(status: RunRecord['status'], finishedAgoMs: number | null, startedAgoMs = (finishedAgoMs ?? 0) + 60_000): RunRecord {
  return {
    id: 9, mode: 'delta', status, phase: 'done', host: 'h', pid: 1, startedAtMs: NOW - startedAgoMs, finishedAtMs: finishedAgoMs === null ? null : NOW - finishedAgoMs,
    pulled: 0, quarantined: 0, created: 0, updated: 0, moved: 0, disabled: 0, unchanged: 0, failed: 0, held: 0,
    safetyReason: status === 'stopped' ? 'would disable 60 of 500' : null, error: status === 'failed' ? 'SRP unreachable' : null, reconcile: null, plan: null,
  };
}

const up = { ok: true };
const down = { ok: false, error: 'connection end' };

describe('/healthz', () => {
  it.each<[string, Parameters<typeof judgeHealth>[0], boolean, RegExp | null]>([
    ['a fresh installation, no run yet', { database: up, redis: up, lastRun: undefined, nowMs: NOW, maxRunAgeMs: 26 * HOUR }, true, null],
    ['last night succeeded', { database: up, redis: up, lastRun: run('succeeded', 3 * HOUR), nowMs: NOW, maxRunAgeMs: 26 * HOUR }, true, null],
    ['some accounts refused (partial) is still healthy', { database: up, redis: up, lastRun: run('partial', HOUR), nowMs: NOW, maxRunAgeMs: 26 * HOUR }, true, null],
    ['a run in progress', { database: up, redis: up, lastRun: run('running', null, HOUR), nowMs: NOW, maxRunAgeMs: 26 * HOUR }, true, null],
    ['the last run failed', { database: up, redis: up, lastRun: run('failed', HOUR), nowMs: NOW, maxRunAgeMs: 26 * HOUR }, false, /last run 9 failed: SRP unreachable/],
    ['stopped by the safety limit', { database: up, redis: up, lastRun: run('stopped', HOUR), nowMs: NOW, maxRunAgeMs: 26 * HOUR }, false, /stopped: would disable/],
    ['no run for two days', { database: up, redis: up, lastRun: run('succeeded', 48 * HOUR), nowMs: NOW, maxRunAgeMs: 26 * HOUR }, false, /48 h old/],
    ['a run stuck for two days', { database: up, redis: up, lastRun: run('running', null, 48 * HOUR), nowMs: NOW, maxRunAgeMs: 26 * HOUR }, false, /48 h old/],
    ['Redis away', { database: up, redis: down, lastRun: run('succeeded', HOUR), nowMs: NOW, maxRunAgeMs: 26 * HOUR }, false, /redis: connection end/],
    ['the database away', { database: down, redis: up, lastRun: undefined, nowMs: NOW, maxRunAgeMs: 26 * HOUR }, false, /database: connection end/],
  ])('%s', (_label, input, ok, problem) => {
    const h = judgeHealth(input);
    expect(h.ok).toBe(ok);
    if (problem) expect(h.problems.join('; ')).toMatch(problem);
    else expect(h.problems).toEqual([]);
  });

  it('reports the last run with its age', () => {
    expect(judgeHealth({ database: up, redis: up, lastRun: run('succeeded', 90_000), nowMs: NOW, maxRunAgeMs: HOUR }).lastRun).toEqual({ id: 9, status: 'succeeded', ageSeconds: 90 });
  });
});
