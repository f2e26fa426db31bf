import type { Db } from '../database.js';
import type { TeacherTable } from '../tables/teacher.table.js';
import { chunks, upsertRows, type Dialect } from '../upsert.js';

export type TeacherRow = Omit<TeacherTable, 'gone'> & { gone: number };

const UPDATE_COLUMNS = [
  'group_key', 'identity_mac', 'name', 'id_type', 'id_number_enc', 'id_number_masked', 'gender', 'mobile_enc',
  'email_enc', 'institution_code', 'institution_name', 'county_code', 'status', 'updated_at_ms', 'problems', 'valid',
  'gone', 'content_mac', 'payload_mac', 'seen_run_id',
] as const;

const SELECT_COLUMNS = ['teacher_id', ...UPDATE_COLUMNS] as const;

/** Teachers as last pulled, normalised, personal data encrypted. */
export class TeacherRepository {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  async contentMacs(teacherIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const ids of chunks(teacherIds, 1000)) {
      if (ids.length === 0) continue;
      const rows = await this.db.selectFrom('teacher').select(['teacher_id', 'content_mac']).where('teacher_id', 'in', ids).execute();
      for (const r of rows) out.set(r.teacher_id, r.content_mac);
    }
    return out;
  }

  async upsert(rows: readonly TeacherRow[]): Promise<void> {
    for (const part of chunks(rows, 1000)) await upsertRows(this.db, this.dialect, 'teacher', part, ['teacher_id'], UPDATE_COLUMNS);
  }

  /** Records pulled again unchanged: only their sighting is written. */
  async markSeen(teacherIds: readonly string[], runId: number): Promise<void> {
    for (const ids of chunks(teacherIds, 1000)) {
      if (ids.length === 0) continue;
      await this.db.updateTable('teacher').set({ seen_run_id: runId, gone: 0 }).where('teacher_id', 'in', ids).execute();
    }
  }

  /** After a complete full pull: records the platform no longer lists are gone. */
  async markUnseenGone(runId: number): Promise<number> {
    const r = await this.db.updateTable('teacher').set({ gone: 1 }).where('seen_run_id', '<>', runId).where('gone', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * One chunk of records in group order, whole groups only: the next chunk starts after `afterGroup`.
   * A group is everyone sharing an identity, so a person is never split across two chunks.
   */
  async groupChunk(afterGroup: string | null, limit: number): Promise<TeacherRow[]> {
    let q = this.db.selectFrom('teacher').select(SELECT_COLUMNS).orderBy('group_key').orderBy('teacher_id').limit(limit);
    if (afterGroup !== null) q = q.where('group_key', '>', afterGroup);
    const rows = (await q.execute()) as TeacherRow[];
    if (rows.length < limit) return rows;
    const lastGroup = rows[rows.length - 1]!.group_key;
    const complete = rows.filter((r) => r.group_key !== lastGroup);
    if (complete.length > 0) return complete;
    // A single group larger than the chunk: read it whole.
    return (await this.db.selectFrom('teacher').select(SELECT_COLUMNS).where('group_key', '=', lastGroup).orderBy('teacher_id').execute()) as TeacherRow[];
  }

  async byIds(teacherIds: readonly string[]): Promise<Map<string, TeacherRow>> {
    const out = new Map<string, TeacherRow>();
    for (const ids of chunks(teacherIds, 1000)) {
      if (ids.length === 0) continue;
      const rows = (await this.db.selectFrom('teacher').select(SELECT_COLUMNS).where('teacher_id', 'in', ids).execute()) as TeacherRow[];
      for (const r of rows) out.set(r.teacher_id, r);
    }
    return out;
  }

  /** Whether anyone currently usable carries this identity (guards adopting a link by teacherId). */
  async identityInUse(identityMac: string): Promise<boolean> {
    const r = await this.db.selectFrom('teacher').select('teacher_id').where('group_key', '=', identityMac).where('valid', '=', 1).where('gone', '=', 0).limit(1).executeTakeFirst();
    return r !== undefined;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('teacher').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
