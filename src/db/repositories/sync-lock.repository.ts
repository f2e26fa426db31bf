import type { Db } from '../database.js';
import type { LockHolder, SyncLockStore } from '../ports/sync-lock.port.js';

/**
 * One named row per lock. Taking it is a conditional UPDATE, so two processes racing for it
 * cannot both win, on MySQL or SQLite alike.
 */
export class SyncLockRepository implements SyncLockStore {
  constructor(private readonly db: Db) {}

  async current(name: string): Promise<LockHolder | null> {
    const r = await this.db.selectFrom('sync_lock').selectAll().where('name', '=', name).executeTakeFirst();
    if (!r || r.holder === null) return null;
    return {
      holder: r.holder, runId: r.run_id === null ? null : Number(r.run_id), host: r.host ?? '', pid: Number(r.pid ?? 0),
      acquiredAtMs: Number(r.acquired_at_ms ?? 0), heartbeatAtMs: Number(r.heartbeat_at_ms ?? 0),
    };
  }

  async ensureRow(name: string): Promise<void> {
    const exists = await this.db.selectFrom('sync_lock').select('name').where('name', '=', name).executeTakeFirst();
    if (exists) return;
    try {
      await this.db.insertInto('sync_lock').values({ name, holder: null }).execute();
    } catch {
      // Another process inserted it first: that is the outcome we wanted.
    }
  }

  /** Takes the lock if it is free or still held by `expectedHolder` (a stale holder). */
  async take(name: string, me: LockHolder, expectedHolder: string | null): Promise<boolean> {
    let q = this.db
      .updateTable('sync_lock')
      .set({ holder: me.holder, run_id: me.runId, host: me.host, pid: me.pid, acquired_at_ms: me.acquiredAtMs, heartbeat_at_ms: me.heartbeatAtMs })
      .where('name', '=', name);
    q = expectedHolder === null ? q.where('holder', 'is', null) : q.where('holder', '=', expectedHolder);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async heartbeat(name: string, holder: string, atMs: number, runId: number | null): Promise<boolean> {
    const r = await this.db.updateTable('sync_lock').set({ heartbeat_at_ms: atMs, run_id: runId }).where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db
      .updateTable('sync_lock')
      .set({ holder: null, run_id: null, host: null, pid: null, acquired_at_ms: null, heartbeat_at_ms: null })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute();
  }
}
