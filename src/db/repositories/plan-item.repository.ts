import type { PlanItem, PlanItemState } from '../../core/plan-item.js';
import type { Db } from '../database.js';
import type { PlanItemStore } from '../ports/plan-item.port.js';
import type { PlanItemTable } from '../tables/plan-item.table.js';
import { chunks, IN_LIST_LIMIT } from '../upsert.js';

export type { PlanItem, PlanItemState } from '../../core/plan-item.js';

/** Read straight into the domain's names; the two text columns with fixed values are narrowed as read. */
const COLUMNS = [
  'run_id as runId', 'external_id as externalId', 'teacher_id as teacherId', 'identity_mac as identityMac', 'action', 'school_id as schoolId',
  'desired_status as desiredStatus', 'desired_hash as desiredHash', 'choice_reason as choiceReason', 'state', 'result_status as resultStatus',
  'result_code as resultCode',
] as const;

type ReadItem = Omit<PlanItem, 'action' | 'desiredStatus' | 'state'> & { action: string; desiredStatus: string; state: string };

/** The stored text columns are written only from these types (see insert), so they are read back as them. */
const asItems = (rows: ReadItem[]): PlanItem[] => rows as PlanItem[];

function toRow(i: PlanItem): PlanItemTable {
  return {
    run_id: i.runId, external_id: i.externalId, teacher_id: i.teacherId, identity_mac: i.identityMac, action: i.action,
    school_id: i.schoolId, desired_status: i.desiredStatus, desired_hash: i.desiredHash, choice_reason: i.choiceReason, state: i.state,
    result_status: i.resultStatus, result_code: i.resultCode,
  };
}

/** The changes a run planned and the result of pushing each. */
export class PlanItemRepository implements PlanItemStore {
  constructor(private readonly db: Db) {}

  async insert(items: readonly PlanItem[]): Promise<void> {
    for (const part of chunks(items, 1000)) if (part.length > 0) await this.db.insertInto('plan_item').values(part.map(toRow)).execute();
  }

  async pending(runId: number, afterExternalId: string | null, limit: number, upToExternalId: string | null = null): Promise<PlanItem[]> {
    let q = this.db
      .selectFrom('plan_item')
      .select(COLUMNS)
      .where('run_id', '=', runId)
      .where('state', '=', 'pending')
      .orderBy('external_id')
      .limit(limit);
    if (afterExternalId !== null) q = q.where('external_id', '>', afterExternalId);
    if (upToExternalId !== null) q = q.where('external_id', '<=', upToExternalId);
    return asItems(await q.execute());
  }

  /**
   * Items in (after, upTo] whose whole batch failed (no answer from the platform, so no result
   * status) go back to pending: a push job that is tried again sends them again. Returns their
   * teachers. Items the platform answered for (a 409, a 422) stay as they are.
   */
  async requeueUnanswered(runId: number, afterExternalId: string | null, upToExternalId: string | null): Promise<string[]> {
    let q = this.db
      .selectFrom('plan_item')
      .select(['external_id', 'teacher_id'])
      .where('run_id', '=', runId)
      .where('state', '=', 'failed')
      .where('result_status', 'is', null);
    if (afterExternalId !== null) q = q.where('external_id', '>', afterExternalId);
    if (upToExternalId !== null) q = q.where('external_id', '<=', upToExternalId);
    const rows = await q.execute();
    await this.setState(runId, rows.map((r) => r.external_id), 'pending', null, null);
    return rows.map((r) => r.teacher_id);
  }

  /**
   * Cuts a run's pending items into ranges of `size` in external-id order: returns the last id of
   * every range but the final one (which runs to the end). Each cut is one index walk of `size` rows.
   */
  async sliceBounds(runId: number, size: number): Promise<string[]> {
    const bounds: string[] = [];
    for (;;) {
      let q = this.db
        .selectFrom('plan_item')
        .select('external_id')
        .where('run_id', '=', runId)
        .where('state', '=', 'pending')
        .orderBy('external_id')
        .limit(1)
        .offset(size - 1);
      const after = bounds[bounds.length - 1];
      if (after !== undefined) q = q.where('external_id', '>', after);
      const cut = await q.executeTakeFirst();
      if (!cut) return bounds;
      const rest = await this.pending(runId, cut.external_id, 1);
      if (rest.length === 0) return bounds;
      bounds.push(cut.external_id);
    }
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

  async forTeachers(runId: number, teacherIds: readonly string[]): Promise<PlanItem[]> {
    const out: PlanItem[] = [];
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length > 0) out.push(...asItems(await this.db.selectFrom('plan_item').select(COLUMNS).where('run_id', '=', runId).where('teacher_id', 'in', ids).execute()));
    }
    return out;
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

  /** A run's failed items by the platform's answer (null: none came) and the code they failed with. */
  async failedByResult(runId: number): Promise<{ status: number | null; code: string | null; n: number }[]> {
    const rows = await this.db
      .selectFrom('plan_item')
      .select(['result_status', 'result_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', '=', runId)
      .where('state', '=', 'failed')
      .groupBy(['result_status', 'result_code'])
      .execute();
    return rows.map((r) => ({ status: r.result_status === null ? null : Number(r.result_status), code: r.result_code, n: Number(r.n) }));
  }
}
