import type { KeptStanding } from '../../core/plan-scope.js';

/** The standings of people that their account link cannot tell (see plan-scope.ts). */
export interface PlanHoldStore {
  /** Before a plan that walks everyone: it writes every standing afresh. */
  clear(): Promise<void>;
  get(groupKeys: readonly string[]): Promise<Map<string, KeptStanding>>;
  /** Replaces what is kept of these people: `kept` holds the new standings, the rest keep none. */
  replace(groupKeys: readonly string[], kept: ReadonlyMap<string, KeptStanding>): Promise<void>;
  /** Sets these standings, whatever was kept of these people before. */
  insert(kept: ReadonlyMap<string, KeptStanding>): Promise<void>;
}
