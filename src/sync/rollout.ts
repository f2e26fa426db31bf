import type { Policy } from '../config/config.js';
import { parseRfc3339 } from '../core/rfc3339.js';
import { RolloutPlan } from '../core/rollout.js';

/** The waves of the policy, with their go-live times read (the schema already checked them). */
export function rolloutPlanOf(policy: Pick<Policy, 'rollout'>): RolloutPlan {
  return new RolloutPlan(policy.rollout.waves.map((w) => ({ name: w.name, goLiveMs: parseRfc3339(w.goLive) ?? Number.POSITIVE_INFINITY, areas: w.areas })));
}
