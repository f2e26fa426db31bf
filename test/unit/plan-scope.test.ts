import { describe, expect, it } from 'vitest';
import { choosePlanScope, mayCarryFindings, sameFindingsInputs, standingBefore, standingToKeep, type PlanMemory, type PreviousRun, type Standing } from '../../src/core/plan-scope.js';

const DAY = 86_400_000;
const memory = (over: Partial<PlanMemory> = {}): PlanMemory => ({
  scope: 'changed', planBasis: 'p1', findingsBasis: 'f1', auditMark: 10, walkedAllAtMs: 0, walked: 3, findingsCarried: false, ...over,
});
const run = (over: Partial<PreviousRun> = {}): PreviousRun => ({ mode: 'delta', status: 'succeeded', memory: memory(), ...over });
const scope = (previous: PreviousRun | null, over: Partial<Parameters<typeof choosePlanScope>[0]> = {}) =>
  choosePlanScope({ previous, planBasis: 'p1', nowMs: DAY, replanAllEveryMs: 7 * DAY, replanAll: false, ...over });

describe('when a run plans only the people who changed', () => {
  it('does after a succeeded sync made from the same schools and policy', () => {
    expect(scope(run())).toEqual({ scope: 'changed', reason: null });
    expect(scope(run({ mode: 'full' })).scope).toBe('changed');
  });

  it('plans everyone on the first run, after a reconciliation on its own, and after any run that did not succeed', () => {
    expect(scope(null)).toEqual({ scope: 'all', reason: 'first run' });
    expect(scope(run({ mode: 'reconcile' })).reason).toMatch(/reconciliation/);
    for (const status of ['partial', 'stopped', 'halted', 'failed', 'aborted', 'running']) {
      expect(scope(run({ status })), status).toEqual({ scope: 'all', reason: `the last run ended ${status}` });
    }
    expect(scope(run({ memory: null })).scope).toBe('all');
  });

  it('plans everyone when the schools, the policy, the live waves or the key changed', () => {
    expect(scope(run(), { planBasis: 'p2' }).scope).toBe('all');
  });

  it('plans everyone when asked, when the policy says every run, and once the last walk of everyone is old enough', () => {
    expect(scope(run(), { replanAll: true }).reason).toMatch(/asked/);
    expect(scope(run(), { replanAllEveryMs: 0 }).scope).toBe('all');
    expect(scope(run({ memory: memory({ walkedAllAtMs: 0 }) }), { nowMs: 7 * DAY - 1 }).scope).toBe('changed');
    expect(scope(run({ memory: memory({ walkedAllAtMs: 0 }) }), { nowMs: 7 * DAY }).scope).toBe('all');
  });
});

describe('when the findings of the last run are carried', () => {
  it('carries them only from a succeeded run made from the same inputs, with no entered school changed', () => {
    expect(mayCarryFindings(run(), 'f1', false)).toBe(true);
    expect(mayCarryFindings(run(), 'f1', true)).toBe(false);
    expect(mayCarryFindings(run(), 'f2', false)).toBe(false);
    expect(mayCarryFindings(run({ status: 'partial' }), 'f1', false)).toBe(false);
    expect(mayCarryFindings(run({ mode: 'reconcile' }), 'f1', false)).toBe(false);
    expect(mayCarryFindings(null, 'f1', false)).toBe(false);
  });

  it('carries them, whatever the plan covered, when the entered schools and the other inputs are what the run before made its findings from', () => {
    const before = run({ memory: memory({ enteredSchoolsDigest: 'e1' }) });
    expect(sameFindingsInputs(before, 'f1', 'e1')).toBe(true);
    expect(sameFindingsInputs(before, 'f1', 'e2')).toBe(false);
    expect(sameFindingsInputs(before, 'f2', 'e1')).toBe(false);
    // A run recorded before the entered schools were fingerprinted: made again.
    expect(sameFindingsInputs(run(), 'f1', 'e1')).toBe(false);
    expect(sameFindingsInputs(run({ status: 'partial', memory: memory({ enteredSchoolsDigest: 'e1' }) }), 'f1', 'e1')).toBe(false);
    expect(sameFindingsInputs(run({ mode: 'reconcile', memory: memory({ enteredSchoolsDigest: 'e1' }) }), 'f1', 'e1')).toBe(false);
    expect(sameFindingsInputs(null, 'f1', 'e1')).toBe(false);
  });
});

describe("a person's standing, kept for the next plan", () => {
  it('keeps only what the account link cannot tell, and reads it back as it was', () => {
    const cases: [Standing, boolean, 'unchanged' | 'held' | 'none'][] = [
      ['create', false, 'unchanged'], ['create', true, 'unchanged'], ['update', true, 'unchanged'], ['move', true, 'unchanged'], ['disable', true, 'unchanged'],
      ['unchanged', true, 'unchanged'], ['unchanged', false, 'unchanged'], ['held', true, 'held'], ['held', false, 'held'], ['none', true, 'none'], ['none', false, 'none'],
    ];
    for (const [standing, hasAccount, after] of cases) {
      const kept = standingToKeep(standing, hasAccount);
      // A change pushed without failure leaves the person with an account of their identity.
      const accountAfter = ['create', 'update', 'move', 'disable'].includes(standing) ? true : hasAccount;
      expect(standingBefore(kept ?? undefined, accountAfter), `${standing} ${hasAccount}`).toBe(after);
    }
    expect(standingToKeep('unchanged', true)).toBeNull();
    expect(standingToKeep('create', false)).toBeNull();
  });
});
