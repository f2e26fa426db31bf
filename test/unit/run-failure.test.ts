import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { runFailure, splitFailed, type RunOutcome } from '../../src/core/run-failure.js';

const none = { refused: 0, unavailable: 0 };

describe('the failure a run names, and its exit code', () => {
  it.each<[string, RunOutcome, ReturnType<typeof runFailure>, number]>([
    ['a run that succeeded', { status: 'succeeded', failedBy: none, errorCode: null }, null, 0],
    ['a dry run', { status: 'planned', failedBy: none, errorCode: null }, null, 0],
    ['accounts refused one by one', { status: 'partial', failedBy: { refused: 4, unavailable: 0 }, errorCode: null }, 'refused', 3],
    ['batches left unsent after every retry', { status: 'partial', failedBy: { refused: 0, unavailable: 5 }, errorCode: null }, 'platform-unavailable', 5],
    ['both: the unsent ones decide', { status: 'partial', failedBy: { refused: 2, unavailable: 5 }, errorCode: null }, 'platform-unavailable', 5],
    ['the safety limit', { status: 'stopped', failedBy: none, errorCode: null }, 'safety-limit', 4],
    ['the source check', { status: 'halted', failedBy: none, errorCode: null }, 'source-check', 4],
    ['a pull that got 5xx after every retry', { status: 'failed', failedBy: none, errorCode: 'PLATFORM_5XX' }, 'platform-unavailable', 5],
    ['a platform that refused connections', { status: 'failed', failedBy: none, errorCode: 'PLATFORM_NETWORK' }, 'platform-unavailable', 5],
    ['a push stopped after failed batches', { status: 'failed', failedBy: { refused: 0, unavailable: 15 }, errorCode: 'PUSH_ABORTED' }, 'platform-unavailable', 5],
    ['queued push jobs that all failed', { status: 'failed', failedBy: { refused: 0, unavailable: 50 }, errorCode: null }, 'platform-unavailable', 5],
    ['the database gone', { status: 'failed', failedBy: none, errorCode: 'DATABASE_UNREACHABLE' }, 'database-unavailable', 1],
    ['bad credentials (no retry cures them)', { status: 'failed', failedBy: none, errorCode: null }, 'error', 1],
    ['the sync lock lost', { status: 'failed', failedBy: none, errorCode: 'SYNC_LOCK_LOST' }, 'error', 1],
  ])('%s', (_label, outcome, failure, exit) => {
    expect(runFailure(outcome)).toBe(failure);
    expect(exitCodeFor(failure)).toBe(exit);
  });

  it('splits failed changes by whether the platform answered for them', () => {
    expect(splitFailed([
      { status: 404, code: 'SCHOOL_NOT_FOUND', n: 2 },
      { status: 409, code: 'ID_NUMBER_TAKEN', n: 1 },
      { status: null, code: 'PLATFORM_5XX', n: 5 },
      { status: null, code: 'PLATFORM_RATE_LIMITED', n: 5 },
      { status: null, code: 'PUSH_JOB_FAILED', n: 50 },
      { status: null, code: 'PUSH_FAILED', n: 1 },
      { status: null, code: 'PLATFORM_AUTH', n: 5 },
    ])).toEqual({ refused: 9, unavailable: 60 });
  });
});
