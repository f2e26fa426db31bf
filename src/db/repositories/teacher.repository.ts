import type { Db } from '../database.js';
import type { TeacherTable } from '../tables/teacher.table.js';
import { chunks, IN_LIST_LIMIT, upsertRows, type Dialect } from '../upsert.js';

export type TeacherRow = Omit<TeacherTable, 'gone' | 'link_external_id'> & { gone: number };

const UPDATE_COLUMNS = [
  'group_key', 'identity_mac', 'name', 'id_type', 'pii_enc', 'id_number_masked', 'gender', 'institution_code', 'institution_name', 'county_code', 'status', 'updated_at_ms', 'problems', 'valid',
  'gone', 'content_mac', 'payload_mac', 'seen_run_id',
] as const;

const SELECT_COLUMNS = ['teacher_id', ...UPDATE_COLUMNS] as const;

/** What planning reads: no encrypted fields, so a chunk stays small and nothing is decrypted. */
const PLAN_COLUMNS = [
  'teacher_id', 'group_key', 'identity_mac', 'id_number_masked', 'institution_code', 'institution_name', 'county_code',
  'status', 'updated_at_ms', 'valid', 'gone', 'payload_mac', 'link_external_id',
] as const;

export type PlanTeacherRow = Pick<TeacherRow, Exclude<(typeof PLAN_COLUMNS)[number], 'link_external_id'>> & { link_external_id: string | null };

const PROFILE_COLUMNS = [
  'teacher_id', 'name', 'id_type', 'id_number_masked', 'gender', 'institution_code', 'institution_name', 'county_code', 'status',
  'updated_at_ms', 'problems', 'valid', 'gone', 'link_external_id',
] as const;

export interface TeacherProfile {
  teacherId: string;
  name: string | null;
  idType: string | null;
  idNumberMasked: string | null;
  gender: string | null;
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  status: string | null;
  updatedAtMs: number;
  /** Problem codes of a quarantined record; empty when valid. */
  problems: string[];
  valid: boolean;
  gone: boolean;
  linkExternalId: string | null;
}

function toProfile(r: Pick<TeacherTable, Exclude<(typeof PROFILE_COLUMNS)[number], 'gone' | 'link_external_id'>> & { gone: number; link_external_id: string | null }): TeacherProfile {
  const problems = r.problems === null ? [] : (JSON.parse(r.problems) as { code: string }[]).map((p) => p.code);
  return {
    teacherId: r.teacher_id, name: r.name, idType: r.id_type, idNumberMasked: r.id_number_masked, gender: r.gender,
    institutionCode: r.institution_code, institutionName: r.institution_name, countyCode: r.county_code, status: r.status,
    updatedAtMs: Number(r.updated_at_ms), problems, valid: Number(r.valid) === 1, gone: Number(r.gone) === 1, linkExternalId: r.link_external_id,
  };
}

export interface StoredState {
  contentMac: string;
  seenRunId: number;
  groupKey: string;
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  gone: boolean;
}

/** Teachers as last pulled, normalised, personal data encrypted. */
export class TeacherRepository {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  /**
   * What is stored of these records: their content hash, the run that last saw them, and what a
   * change to them would touch (the person they belong to, the school they entered, whether gone).
   */
  async storedState(teacherIds: readonly string[]): Promise<Map<string, StoredState>> {
    const out = new Map<string, StoredState>();
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      const rows = await this.db
        .selectFrom('teacher')
        .select(['teacher_id', 'content_mac', 'seen_run_id', 'group_key', 'institution_code', 'institution_name', 'county_code', 'gone'])
        .where('teacher_id', 'in', ids)
        .execute();
      for (const r of rows) {
        out.set(r.teacher_id, {
          contentMac: r.content_mac, seenRunId: Number(r.seen_run_id), groupKey: r.group_key, institutionCode: r.institution_code,
          institutionName: r.institution_name, countyCode: r.county_code, gone: Number(r.gone) === 1,
        });
      }
    }
    return out;
  }

  async upsert(rows: readonly TeacherRow[]): Promise<void> {
    for (const part of chunks(rows, 1000)) await upsertRows(this.db, this.dialect, 'teacher', part, ['teacher_id'], UPDATE_COLUMNS);
  }

  /** Records pulled again unchanged: only their sighting is written. */
  async markSeen(teacherIds: readonly string[], runId: number): Promise<void> {
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      await this.db.updateTable('teacher').set({ seen_run_id: runId, gone: 0 }).where('teacher_id', 'in', ids).execute();
    }
  }

  /** The people (group keys) of records a complete full pull did not list, at most `limit` + 1 of them. */
  async unseenGroupKeys(runId: number, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('teacher').select('group_key').where('seen_run_id', '<>', runId).where('gone', '=', 0).limit(limit + 1).execute();
    return rows.map((r) => r.group_key);
  }

  /** The people (group keys) these records belong to now. */
  async groupKeysOf(teacherIds: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length > 0) out.push(...(await this.db.selectFrom('teacher').select('group_key').where('teacher_id', 'in', ids).execute()).map((r) => r.group_key));
    }
    return out;
  }

  /** After a complete full pull: records the platform no longer lists are gone. */
  async markUnseenGone(runId: number): Promise<number> {
    const r = await this.db.updateTable('teacher').set({ gone: 1 }).where('seen_run_id', '<>', runId).where('gone', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** The next chunk of records in primary-key order: a sequential read of the table. */
  async planChunk(afterTeacherId: string | null, limit: number): Promise<PlanTeacherRow[]> {
    let q = this.db.selectFrom('teacher').select(PLAN_COLUMNS).orderBy('teacher_id').limit(limit);
    if (afterTeacherId !== null) q = q.where('teacher_id', '>', afterTeacherId);
    return q.execute();
  }

  /** Identities carried by more than one record: few, so they are held in memory for a run. */
  async duplicateGroupKeys(): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('teacher')
      .select('group_key')
      .groupBy('group_key')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    return new Set(rows.map((r) => r.group_key));
  }

  /** Every record of the given groups, for reading a person whole. */
  async groups(groupKeys: readonly string[]): Promise<PlanTeacherRow[]> {
    const out: PlanTeacherRow[] = [];
    for (const part of chunks(groupKeys, IN_LIST_LIMIT)) {
      if (part.length > 0) out.push(...(await this.db.selectFrom('teacher').select(PLAN_COLUMNS).where('group_key', 'in', part).orderBy('teacher_id').execute()));
    }
    return out;
  }

  /** Records which account each teacher was pushed as (pairs of teacherId and externalId). */
  async setLinks(pairs: readonly { teacherId: string; externalId: string }[]): Promise<void> {
    const own = pairs.filter((p) => p.teacherId === p.externalId).map((p) => p.teacherId);
    for (const ids of chunks(own, IN_LIST_LIMIT)) {
      if (ids.length > 0) await this.db.updateTable('teacher').set((eb) => ({ link_external_id: eb.ref('teacher_id') })).where('teacher_id', 'in', ids).execute();
    }
    for (const p of pairs) {
      if (p.teacherId !== p.externalId) await this.db.updateTable('teacher').set({ link_external_id: p.externalId }).where('teacher_id', '=', p.teacherId).execute();
    }
  }

  async byIds(teacherIds: readonly string[]): Promise<Map<string, TeacherRow>> {
    const out = new Map<string, TeacherRow>();
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
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

  /** What an operator may see of teachers: nothing encrypted, the ID number only masked. */
  async profiles(teacherIds: readonly string[]): Promise<Map<string, TeacherProfile>> {
    const out = new Map<string, TeacherProfile>();
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      for (const r of await this.db.selectFrom('teacher').select(PROFILE_COLUMNS).where('teacher_id', 'in', ids).execute()) out.set(r.teacher_id, toProfile(r));
    }
    return out;
  }

  /** Teachers whose record names this institution code, by index (teacher_code_idx). */
  async idsWithCode(institutionCode: string): Promise<string[]> {
    const rows = await this.db.selectFrom('teacher').select('teacher_id').where('institution_code', '=', institutionCode).orderBy('teacher_id').execute();
    return rows.map((r) => r.teacher_id);
  }

  /**
   * Usable active teachers per county: the county of the school their account sits at, else the
   * county the teacher-training platform gave. `withAccount` counts those the daemon has pushed.
   */
  async activeByCounty(): Promise<{ countyCode: string | null; teachers: number; withAccount: number }[]> {
    const rows = await this.db
      .selectFrom('teacher as t')
      .leftJoin('account_link as l', 'l.external_id', 't.link_external_id')
      .leftJoin('target_school as s', 's.school_id', 'l.school_id')
      .select((eb) => [
        eb.fn.coalesce('s.county_code', 't.county_code').as('county'),
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('l.external_id').as('linked'),
      ])
      .where('t.valid', '=', 1)
      .where('t.gone', '=', 0)
      .where('t.status', '=', 'active')
      .groupBy((eb) => eb.fn.coalesce('s.county_code', 't.county_code'))
      .execute();
    return rows.map((r) => ({ countyCode: r.county, teachers: Number(r.n), withAccount: Number(r.linked) }));
  }

  /** Records the teacher-training platform still lists (not marked gone by a full pull). */
  async countListed(): Promise<number> {
    const r = await this.db.selectFrom('teacher').select((eb) => eb.fn.countAll<number>().as('n')).where('gone', '=', 0).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('teacher').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
