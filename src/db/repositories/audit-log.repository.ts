import type { AuditAction, AuditEntry, AuditSource, PlacementState } from '../../core/audit-entry.js';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { AuditLogTable } from '../tables/audit-log.table.js';
import type { AuditFilter, AuditLogStore, AuditRecord } from '../ports/audit-log.port.js';
import { chunks } from '../upsert.js';

export type { AuditAction, AuditEntry, AuditSource, PlacementState } from '../../core/audit-entry.js';

export type { AuditFilter, AuditRecord } from '../ports/audit-log.port.js';

function parse(json: string | null): PlacementState | null {
  return json === null ? null : (JSON.parse(json) as PlacementState);
}

const COLUMNS = ['id', 'at_ms', 'actor', 'action', 'teacher_id', 'before_json', 'after_json', 'reason', 'source'] as const;

function toRecord(r: Omit<Pick<AuditLogTable, (typeof COLUMNS)[number]>, 'id'> & { id: number }): AuditRecord {
  return {
    id: Number(r.id), atMs: Number(r.at_ms), actor: r.actor, action: r.action as AuditAction, teacherId: r.teacher_id,
    before: parse(r.before_json), after: parse(r.after_json), reason: r.reason, source: r.source as AuditSource,
  };
}

/** The audit trail: written once, never changed, so it can be trusted when a move is disputed. */
export class AuditLogRepository implements AuditLogStore {
  constructor(private readonly db: Db) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    for (const part of chunks(entries, 500)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('audit_log')
        .values(part.map((e) => ({
          at_ms: e.atMs, actor: e.actor.slice(0, 100), action: e.action, teacher_id: e.teacherId,
          before_json: e.before === null ? null : JSON.stringify(e.before), after_json: e.after === null ? null : JSON.stringify(e.after),
          reason: e.reason?.slice(0, 1000) ?? null, source: e.source,
        })))
        .execute();
    }
  }

  /** The id of the newest entry; 0 when there is none. */
  async lastId(): Promise<number> {
    const r = await this.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m);
  }

  /** Teachers named by entries after `afterId`, up to `upTo`: whose placement changed since. */
  async teachersBetween(afterId: number, upTo: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('audit_log').select('teacher_id').distinct()
      .where('id', '>', afterId).where('id', '<=', upTo).where('teacher_id', 'is not', null)
      .execute();
    return rows.flatMap((r) => (r.teacher_id === null ? [] : [r.teacher_id]));
  }

  /**
   * The newest entries that pass the filter, newest first. A teacher's entries come by index; the
   * other filters read the log backwards from the newest entry until `limit` pass.
   */
  async search(filter: AuditFilter): Promise<AuditRecord[]> {
    let q = this.db
      .selectFrom('audit_log')
      .select(COLUMNS)
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.teacherId !== undefined) q = q.where('teacher_id', '=', filter.teacherId);
    if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor);
    if (filter.fromMs !== undefined) q = q.where('at_ms', '>=', filter.fromMs);
    if (filter.toMs !== undefined) q = q.where('at_ms', '<', filter.toMs);
    if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
    if (filter.schoolId !== undefined) {
      // INSTR, not LIKE: the id is matched literally on SQLite and MariaDB alike, whatever it holds.
      const needle = `"schoolId":${JSON.stringify(filter.schoolId)}`;
      q = q.where(sql<boolean>`(instr(before_json, ${needle}) > 0 or instr(after_json, ${needle}) > 0)`);
    }
    const rows = await q.execute();
    return rows.map(toRecord);
  }

  /** The latest entries (of one teacher when given), oldest first. */
  async latest(filter: { teacherId?: string; limit: number }): Promise<AuditRecord[]> {
    const rows = await this.search(filter);
    return rows.reverse();
  }
}
