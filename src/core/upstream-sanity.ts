/**
 * Guard against a source that suddenly lists much less than before: an empty or truncated full
 * pull of teachers, a registry missing a large share of its codes, a school list cut short. Taken
 * at face value, each would mark thousands of teachers gone, codes unknown or schools closed, and
 * mail every county about it. The run stops before it changes anything, like the safety limit.
 */
export interface UpstreamPolicy {
  /** The smallest share (0..1) of what was listed before that a list may shrink to. */
  minShare: number;
  /** Losing this many or fewer never stops a run (small deployments). */
  graceCount: number;
}

export type UpstreamVerdict = { ok: true } | { ok: false; reason: string };

export function checkUpstreamShrink(input: { what: string; before: number; now: number }, policy: UpstreamPolicy): UpstreamVerdict {
  const { what, before, now } = input;
  if (before === 0 || now >= before) return { ok: true };
  if (now === 0) return { ok: false, reason: `${what}: the list is empty, ${before} were listed before` };
  const lost = before - now;
  if (lost <= policy.graceCount) return { ok: true };
  // The epsilon stops float error from moving the limit by one.
  if (now + 1e-9 >= policy.minShare * before) return { ok: true };
  return {
    ok: false,
    reason: `${what}: ${now} listed, ${before} before (${((lost / before) * 100).toFixed(1)}% fewer, more than the ${((1 - policy.minShare) * 100).toFixed(1)}% allowed)`,
  };
}
