import type { Db } from '../database.js';
import type { PlanItemTable } from '../tables/plan-item.table.js';
import { chunks, IN_LIST_LIMIT } from '../upsert.js';

export type PlanItemRow = PlanItemTable;
export type PlanItemState = 'pending' | 'done' | 'failed' | 'blocked';

/** The changes a run planned and the result of pushing each. */
export class PlanItemRepository {
  constructor(private readonly db: Db) {}

  async insert(rows: readonly PlanItemRow[]): Promise<void> {
    for (const part of chunks(rows, 1000)) if (part.length > 0) await this.db.insertInto('plan_item').values(part).execute();
  }

  async pending(runId: number, afterExternalId: string | null, limit: number): Promise<PlanItemRow[]> {
    let q = this.db
      .selectFrom('plan_item')
      .selectAll()
      .where('run_id', '=', runId)
      .where('state', '=', 'pending')
      .orderBy('external_id')
      .limit(limit);
    if (afterExternalId !== null) q = q.where('external_id', '>', afterExternalId);
    return q.execute();
  }

  async setState(runId: number, externalIds: readonly string[], state: PlanItemState, resultStatus: number | null, resultCode: string | null): Promise<void> {
    for (const ids of chunks(externalIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      await this.db
        .updateTable('plan_item')
        .set({ state, result_status: resultStatus, result_code: resultCode })
        .where('run_id', '=', runId)
        .where('external_id', 'in', ids)
        .execute();
    }
  }

  async blockAction(runId: number, action: string): Promise<number> {
    const r = await this.db
      .updateTable('plan_item')
      .set({ state: 'blocked', result_code: 'SAFETY_LIMIT' })
      .where('run_id', '=', runId)
      .where('action', '=', action)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Done and failed items of a run by action, for the run's counts. */
  async tally(runId: number): Promise<{ action: string; state: string; n: number }[]> {
    const rows = await this.db
      .selectFrom('plan_item')
      .select(['action', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', '=', runId)
      .groupBy(['action', 'state'])
      .execute();
    return rows.map((r) => ({ action: r.action, state: r.state, n: Number(r.n) }));
  }
}
