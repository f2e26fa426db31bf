import type { SyncCursorStore } from '../ports/sync-cursor.port.js';
import type { Db } from '../database.js';
import { upsertRows, type Dialect } from '../upsert.js';

/** Forward-only high-water marks of delta pulls. */
export class SyncCursorRepository implements SyncCursorStore {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  async get(name: string): Promise<number | null> {
    const r = await this.db.selectFrom('sync_cursor').select('value_ms').where('name', '=', name).executeTakeFirst();
    return r ? Number(r.value_ms) : null;
  }

  /** Never moves a cursor backwards: a clock that jumps back cannot make a pull skip records. */
  async advance(name: string, valueMs: number, runId: number): Promise<void> {
    const current = await this.get(name);
    if (current !== null && current >= valueMs) return;
    await upsertRows(this.db, this.dialect, 'sync_cursor', [{ name, value_ms: valueMs, run_id: runId }], ['name'], ['value_ms', 'run_id']);
  }
}
