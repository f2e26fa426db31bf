import type { Selectable } from 'kysely';
import type { ReconcileCounts } from '../../core/account-reconciliation.js';
import type { PlanMemory } from '../../core/plan-scope.js';
import type { Db } from '../database.js';
import type { PreviousSync, RunCounts, RunMode, RunPhase, RunRecord, RunStatus, SyncRunStore } from '../ports/sync-run.port.js';
import type { SyncRunTable } from '../tables/sync-run.table.js';

export type { PreviousSync, RunCounts, RunMode, RunPhase, RunRecord, RunStatus } from '../ports/sync-run.port.js';

/** A JSON column as written by this program; null when empty or unreadable. */
function parseJson<T>(json: string | null): T | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}

function planOf(m: PlanMemory | null): RunRecord['plan'] {
  return m === null ? null : { scope: m.scope, people: m.walked, findingsCarried: m.findingsCarried };
}

function toRecord(r: Selectable<SyncRunTable>): RunRecord {
  return {
    id: Number(r.id), mode: r.mode as RunMode, status: r.status as RunStatus, phase: r.phase as RunPhase,
    host: r.host, pid: Number(r.pid), startedAtMs: Number(r.started_at_ms),
    finishedAtMs: r.finished_at_ms === null ? null : Number(r.finished_at_ms),
    pulled: Number(r.pulled), quarantined: Number(r.quarantined), created: Number(r.created), updated: Number(r.updated),
    moved: Number(r.moved), disabled: Number(r.disabled), unchanged: Number(r.unchanged), failed: Number(r.failed),
    held: Number(r.held), safetyReason: r.safety_reason, error: r.error, reconcile: parseJson<ReconcileCounts>(r.reconcile_json),
    plan: planOf(parseJson<PlanMemory>(r.plan_json)),
  };
}

/** Runs and their counts. */
export class SyncRunRepository implements SyncRunStore {
  constructor(private readonly db: Db) {}

  async create(input: { mode: RunMode; host: string; pid: number; startedAtMs: number }): Promise<number> {
    const r = await this.db
      .insertInto('sync_run')
      .values({ mode: input.mode, status: 'running', phase: 'starting', host: input.host, pid: input.pid, started_at_ms: input.startedAtMs })
      .executeTakeFirstOrThrow();
    if (r.insertId === undefined) throw new Error('database did not return the new run id');
    return Number(r.insertId);
  }

  async setReconcile(id: number, counts: ReconcileCounts): Promise<void> {
    await this.db.updateTable('sync_run').set({ reconcile_json: JSON.stringify(counts) }).where('id', '=', id).execute();
  }

  async setPlanMemory(id: number, memory: PlanMemory): Promise<void> {
    await this.db.updateTable('sync_run').set({ plan_json: JSON.stringify(memory) }).where('id', '=', id).execute();
  }

  /** The run before this one, whatever its kind, with what its plan left; null for the first. */
  async previous(id: number): Promise<PreviousSync | null> {
    const r = await this.db.selectFrom('sync_run').selectAll().where('id', '<', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!r) return null;
    const rec = toRecord(r);
    return { id: rec.id, mode: rec.mode, status: rec.status, memory: parseJson<PlanMemory>(r.plan_json), counts: rec };
  }

  async setPhase(id: number, phase: RunPhase): Promise<void> {
    await this.db.updateTable('sync_run').set({ phase }).where('id', '=', id).execute();
  }

  async finish(id: number, input: { status: RunStatus; counts: RunCounts; finishedAtMs: number; safetyReason?: string | null; error?: string | null }): Promise<void> {
    await this.db
      .updateTable('sync_run')
      .set({
        status: input.status, phase: 'done', finished_at_ms: input.finishedAtMs, ...input.counts,
        safety_reason: input.safetyReason ?? null, error: input.error ?? null,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Finishes a run that is still running, and says whether this call did it: a step that is retried
   * after the run was finished (or taken over and aborted) changes nothing and does nothing twice.
   */
  async finishIfRunning(id: number, input: { status: RunStatus; counts: RunCounts; finishedAtMs: number; safetyReason?: string | null; error?: string | null }): Promise<boolean> {
    const r = await this.db
      .updateTable('sync_run')
      .set({
        status: input.status, phase: 'done', finished_at_ms: input.finishedAtMs, ...input.counts,
        safety_reason: input.safetyReason ?? null, error: input.error ?? null,
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * One run left half-made (a step that starts over, a process that died), with what it is known to
   * have done; a finished run is left as it is.
   */
  async abortOne(id: number, finishedAtMs: number, reason: string, counts: Partial<RunCounts> = {}): Promise<boolean> {
    const r = await this.db
      .updateTable('sync_run')
      .set({ status: 'aborted', finished_at_ms: finishedAtMs, error: reason, ...counts })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The runs still marked running, oldest first. */
  async runningIds(): Promise<number[]> {
    const rows = await this.db.selectFrom('sync_run').select('id').where('status', '=', 'running').orderBy('id').execute();
    return rows.map((r) => Number(r.id));
  }

  async get(id: number): Promise<RunRecord | undefined> {
    const r = await this.db.selectFrom('sync_run').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  /** The newest sync (full or delta, not a reconciliation on its own) that ended in one of these statuses. */
  async latestSyncWithStatus(statuses: readonly RunStatus[]): Promise<RunRecord | undefined> {
    const r = await this.db
      .selectFrom('sync_run').selectAll()
      .where('status', 'in', [...statuses]).where('mode', 'in', ['full', 'delta'])
      .orderBy('id', 'desc').limit(1).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  async latest(limit: number): Promise<RunRecord[]> {
    const rows = await this.db.selectFrom('sync_run').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }
}
