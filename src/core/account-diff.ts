import type { AccountAction, DesiredAccount, LinkState } from './types.js';

/** The part of a desired account the decision depends on; the rest is folded into the hash. */
export type DesiredPlacement = Pick<DesiredAccount, 'schoolId' | 'status'>;

/**
 * Compares what the platform should hold with what the daemon last pushed. `desired` is null when
 * nothing is known about the person this run: that is never a reason to disable.
 */
export function diffAccount(desired: DesiredPlacement | null, desiredHash: string | null, link: LinkState | null): AccountAction {
  if (link === null) return desired?.status === 'active' ? 'create' : 'unchanged';
  if (desired === null) return 'unchanged';
  if (desired.status === 'disabled') return link.status === 'active' ? 'disable' : 'unchanged';
  if (link.schoolId !== desired.schoolId) return 'move';
  return desiredHash !== link.pushedHash ? 'update' : 'unchanged';
}
