/**
 * A person whose standing after the last plan is not what their account link says: `held` (kept
 * back: quarantined, no target school, county not live yet), `unchanged` without an account of
 * their own (disabled at the source, never pushed), or `none` (not counted though an account
 * carries their identity). Everyone else stands as their link says: counted unchanged when an
 * account carries their identity, not counted when none does.
 */
export interface PlanHoldTable {
  group_key: string;
  standing: string;
}
