import { describe, expect, it } from 'vitest';
import { checkSafetyLimit, DEFAULT_SAFETY_POLICY, safetyLimitApplies, type SafetyPolicy } from '../../src/core/safety-limit.js';

describe('checkSafetyLimit', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_SAFETY_POLICY).toEqual({ maxDisableShare: 0.05, maxDisableCount: 1000, graceCount: 10 });
  });

  it.each<[string, number, number, SafetyPolicy, ReturnType<typeof checkSafetyLimit>]>([
    ['nothing to disable', 1000, 0, DEFAULT_SAFETY_POLICY, { ok: true }],
    ['exactly the share limit', 1000, 50, DEFAULT_SAFETY_POLICY, { ok: true }],
    [
      'one over the share limit',
      1000,
      51,
      DEFAULT_SAFETY_POLICY,
      { ok: false, reason: 'would disable 51 of 1000 managed accounts (5.1%), above the limit of 5.0% (50 accounts)' },
    ],
    [
      'example from the brief',
      1000,
      120,
      DEFAULT_SAFETY_POLICY,
      { ok: false, reason: 'would disable 120 of 1000 managed accounts (12.0%), above the limit of 5.0% (50 accounts)' },
    ],
    ['grace covers a small school', 20, 10, DEFAULT_SAFETY_POLICY, { ok: true }],
    [
      'one over grace on a small school',
      20,
      11,
      DEFAULT_SAFETY_POLICY,
      { ok: false, reason: 'would disable 11 of 20 managed accounts (55.0%), above the limit of 5.0% (1 account)' },
    ],
    ['grace covers an empty database', 0, 10, DEFAULT_SAFETY_POLICY, { ok: true }],
    [
      'nothing managed yet, above grace',
      0,
      11,
      DEFAULT_SAFETY_POLICY,
      { ok: false, reason: 'would disable 11 of 0 managed accounts, above the limit of 5.0% (0 accounts)' },
    ],
    ['exactly the count limit', 100_000, 1000, DEFAULT_SAFETY_POLICY, { ok: true }],
    [
      'one over the count limit',
      100_000,
      1001,
      DEFAULT_SAFETY_POLICY,
      { ok: false, reason: 'would disable 1001 of 100000 managed accounts (1.0%), above the limit of 1000 accounts per run' },
    ],
    [
      'over both limits',
      10_000,
      1200,
      DEFAULT_SAFETY_POLICY,
      { ok: false, reason: 'would disable 1200 of 10000 managed accounts (12.0%), above the limit of 5.0% (500 accounts) and the limit of 1000 accounts per run' },
    ],
    ['share whose product has float error, at the limit', 100, 7, { maxDisableShare: 0.07, maxDisableCount: 1000, graceCount: 0 }, { ok: true }],
    [
      'share whose product has float error, one over',
      100,
      8,
      { maxDisableShare: 0.07, maxDisableCount: 1000, graceCount: 0 },
      { ok: false, reason: 'would disable 8 of 100 managed accounts (8.0%), above the limit of 7.0% (7 accounts)' },
    ],
    ['fractional limit rounds down: 2.5 allows 2', 50, 2, { maxDisableShare: 0.05, maxDisableCount: 1000, graceCount: 0 }, { ok: true }],
    [
      'fractional limit rounds down: 2.5 refuses 3',
      50,
      3,
      { maxDisableShare: 0.05, maxDisableCount: 1000, graceCount: 0 },
      { ok: false, reason: 'would disable 3 of 50 managed accounts (6.0%), above the limit of 5.0% (2 accounts)' },
    ],
    ['a share of 1 allows disabling everything', 500, 500, { maxDisableShare: 1, maxDisableCount: 1000, graceCount: 0 }, { ok: true }],
  ])('%s', (_label, managedAccounts, plannedDisables, policy, expected) => {
    expect(checkSafetyLimit({ managedAccounts, plannedDisables }, policy)).toEqual(expected);
  });
});

describe('safetyLimitApplies', () => {
  it('is false within the grace, where any number of managed accounts gives the same verdict', () => {
    const policy = DEFAULT_SAFETY_POLICY;
    for (let planned = 0; planned <= policy.graceCount; planned++) {
      expect(safetyLimitApplies(planned, policy)).toBe(false);
      for (const managed of [0, 1, 10, 1_000_000]) expect(checkSafetyLimit({ managedAccounts: managed, plannedDisables: planned }, policy)).toEqual({ ok: true });
    }
    expect(safetyLimitApplies(policy.graceCount + 1, policy)).toBe(true);
    expect(checkSafetyLimit({ managedAccounts: 0, plannedDisables: policy.graceCount + 1 }, policy).ok).toBe(false);
  });
});
