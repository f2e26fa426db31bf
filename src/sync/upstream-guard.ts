import { checkUpstreamShrink } from '../core/upstream-sanity.js';
import type { Logger } from '../log/logger.js';
import type { SyncDeps } from './ports.js';
import { UpstreamHaltError } from './sync-errors.js';

/** Checks one list against what was listed before; throws UpstreamHaltError when it shrank too far. */
export type UpstreamGuard = (what: string, before: number, now: number) => void;

/** The guard of a run: the policy's limits, or only a warning when the operator accepts the drop. */
export function upstreamGuard(deps: Pick<SyncDeps, 'policy'> & { log: Logger }, allowShrink: boolean): UpstreamGuard {
  return (what, before, now) => {
    const verdict = checkUpstreamShrink({ what, before, now }, deps.policy.upstream);
    if (verdict.ok) return;
    if (allowShrink) {
      deps.log.warn({ reason: verdict.reason }, 'source shrank past the limit; accepted by --allow-shrink');
      return;
    }
    throw new UpstreamHaltError(verdict.reason);
  };
}
