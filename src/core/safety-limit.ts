/**
 * Guard against a bad pull (an empty page, a wrong filter) turning into mass disabling: past a
 * small grace, a run may disable neither more than a share of the managed accounts nor more than
 * a fixed count.
 */
export interface SafetyPolicy {
  maxDisableShare: number;
  maxDisableCount: number;
  graceCount: number;
}

export const DEFAULT_SAFETY_POLICY: Readonly<SafetyPolicy> = Object.freeze({
  maxDisableShare: 0.05,
  maxDisableCount: 1000,
  graceCount: 10,
});

export type SafetyVerdict = { ok: true } | { ok: false; reason: string };

function accounts(n: number): string {
  return n === 1 ? '1 account' : `${n} accounts`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Whether the limit can refuse this many disables at all: within the grace it cannot, whatever the accounts. */
export function safetyLimitApplies(plannedDisables: number, policy: SafetyPolicy): boolean {
  return plannedDisables > policy.graceCount;
}

export function checkSafetyLimit(input: { managedAccounts: number; plannedDisables: number }, policy: SafetyPolicy): SafetyVerdict {
  const { managedAccounts: managed, plannedDisables: planned } = input;
  if (!safetyLimitApplies(planned, policy)) return { ok: true };
  // The epsilon stops float error (0.07 * 100 = 7.000000000000001) from moving the limit by one.
  const shareLimit = Math.floor(policy.maxDisableShare * managed + 1e-9);
  const limits: string[] = [];
  if (planned > shareLimit) limits.push(`the limit of ${percent(policy.maxDisableShare)} (${accounts(shareLimit)})`);
  if (planned > policy.maxDisableCount) limits.push(`the limit of ${accounts(policy.maxDisableCount)} per run`);
  if (limits.length === 0) return { ok: true };
  const share = managed > 0 ? ` (${percent(planned / managed)})` : '';
  return { ok: false, reason: `would disable ${planned} of ${managed} managed accounts${share}, above ${limits.join(' and ')}` };
}
