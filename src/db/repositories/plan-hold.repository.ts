import type { KeptStanding } from '../../core/plan-scope.js';
import type { Db } from '../database.js';
import type { PlanHoldStore } from '../ports/plan-hold.port.js';
import { chunks, IN_LIST_LIMIT, upsertRows, type Dialect } from '../upsert.js';

/** The standings of people that their account link cannot tell (see plan-scope.ts). */
export class PlanHoldRepository implements PlanHoldStore {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  /** Before a plan that walks everyone: it writes every standing afresh. */
  async clear(): Promise<void> {
    await this.db.deleteFrom('plan_hold').execute();
  }

  async get(groupKeys: readonly string[]): Promise<Map<string, KeptStanding>> {
    const out = new Map<string, KeptStanding>();
    for (const keys of chunks(groupKeys, IN_LIST_LIMIT)) {
      if (keys.length === 0) continue;
      for (const r of await this.db.selectFrom('plan_hold').select(['group_key', 'standing']).where('group_key', 'in', keys).execute()) {
        out.set(r.group_key, r.standing as KeptStanding);
      }
    }
    return out;
  }

  /** Replaces what is kept of these people: `kept` holds the new standings, the rest of `groupKeys` keep none. */
  async replace(groupKeys: readonly string[], kept: ReadonlyMap<string, KeptStanding>): Promise<void> {
    for (const keys of chunks(groupKeys, IN_LIST_LIMIT)) {
      if (keys.length > 0) await this.db.deleteFrom('plan_hold').where('group_key', 'in', keys).execute();
    }
    await this.insert(kept);
  }

  /** Sets these standings, whatever was kept of these people before. */
  async insert(kept: ReadonlyMap<string, KeptStanding>): Promise<void> {
    for (const part of chunks([...kept], 500)) {
      await upsertRows(this.db, this.dialect, 'plan_hold', part.map(([group_key, standing]) => ({ group_key, standing })), ['group_key'], ['standing']);
    }
  }
}
