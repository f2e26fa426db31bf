import type { PlanRecord } from '../../core/plan-decision.js';
import type { Problem } from '../../core/types.js';
import type { Db } from '../database.js';
import type { StoredState, StoredTeacher, TeacherProfile, TeacherStore } from '../ports/teacher.port.js';
import type { TeacherTable } from '../tables/teacher.table.js';
import { chunks, IN_LIST_LIMIT, upsertRows, type Dialect } from '../upsert.js';

export type { StoredState, StoredTeacher, TeacherProfile } from '../ports/teacher.port.js';

type TeacherRow = Omit<TeacherTable, 'gone' | 'link_external_id'> & { gone: number };

const UPDATE_COLUMNS = [
  'group_key', 'identity_mac', 'name', 'id_type', 'pii_enc', 'id_number_masked', 'gender', 'institution_code', 'institution_name', 'county_code', 'status', 'updated_at_ms', 'problems', 'valid',
  'gone', 'content_mac', 'payload_mac', 'seen_run_id',
] as const;

// A record keeps its number: an upsert of a stored record never changes it.
const SELECT_COLUMNS = ['teacher_id', 'seq', ...UPDATE_COLUMNS] as const;

const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

function toRow(t: StoredTeacher): TeacherRow {
  return {
    teacher_id: t.teacherId, group_key: t.groupKey, identity_mac: t.identityMac, name: t.name, id_type: t.idType, pii_enc: t.piiSealed,
    id_number_masked: t.idNumberMasked, gender: t.gender, institution_code: t.institutionCode, institution_name: t.institutionName,
    county_code: t.countyCode, status: t.status, updated_at_ms: t.updatedAtMs, problems: t.problems.length === 0 ? null : JSON.stringify(t.problems),
    valid: t.valid ? 1 : 0, gone: t.gone ? 1 : 0, content_mac: t.contentMac, payload_mac: t.payloadMac, seen_run_id: t.seenRunId, seq: t.seq,
  };
}

function toStored(r: TeacherRow): StoredTeacher {
  return {
    teacherId: r.teacher_id, groupKey: r.group_key, identityMac: r.identity_mac, name: r.name, idType: r.id_type, piiSealed: r.pii_enc,
    idNumberMasked: r.id_number_masked, gender: r.gender, institutionCode: r.institution_code, institutionName: r.institution_name,
    countyCode: r.county_code, status: r.status, updatedAtMs: Number(r.updated_at_ms),
    problems: r.problems === null ? NO_PROBLEMS : (JSON.parse(r.problems) as Problem[]), valid: Number(r.valid) === 1, gone: Number(r.gone) === 1,
    contentMac: r.content_mac, payloadMac: r.payload_mac, seenRunId: Number(r.seen_run_id), seq: Number(r.seq),
  };
}

/** What planning reads: no encrypted fields, so a chunk stays small and nothing is decrypted. */
const PLAN_COLUMNS = [
  'teacher_id', 'group_key', 'id_number_masked', 'institution_code', 'institution_name', 'county_code',
  'status', 'updated_at_ms', 'valid', 'gone', 'payload_mac', 'link_external_id',
] as const;

type PlanRow = Pick<TeacherTable, Exclude<(typeof PLAN_COLUMNS)[number], 'gone' | 'link_external_id'>> & { gone: number; link_external_id: string | null };

/** One object per record read: the row is dropped as soon as it is mapped. */
function toPlanRecord(r: PlanRow): PlanRecord {
  return {
    teacherId: r.teacher_id, groupKey: r.group_key, valid: Number(r.valid) === 1, gone: Number(r.gone) === 1, status: r.status,
    updatedAtMs: Number(r.updated_at_ms), institutionCode: r.institution_code, institutionName: r.institution_name, countyCode: r.county_code,
    idNumberMasked: r.id_number_masked, payloadMac: r.payload_mac, linkExternalId: r.link_external_id,
  };
}

const PROFILE_COLUMNS = [
  'teacher_id', 'name', 'id_type', 'id_number_masked', 'gender', 'institution_code', 'institution_name', 'county_code', 'status',
  'updated_at_ms', 'problems', 'valid', 'gone', 'link_external_id',
] as const;

function toProfile(r: Pick<TeacherTable, Exclude<(typeof PROFILE_COLUMNS)[number], 'gone' | 'link_external_id'>> & { gone: number; link_external_id: string | null }): TeacherProfile {
  const problems = r.problems === null ? [] : (JSON.parse(r.problems) as { code: string }[]).map((p) => p.code);
  return {
    teacherId: r.teacher_id, name: r.name, idType: r.id_type, idNumberMasked: r.id_number_masked, gender: r.gender,
    institutionCode: r.institution_code, institutionName: r.institution_name, countyCode: r.county_code, status: r.status,
    updatedAtMs: Number(r.updated_at_ms), problems, valid: Number(r.valid) === 1, gone: Number(r.gone) === 1, linkExternalId: r.link_external_id,
  };
}

/** Teachers as last pulled, normalised, personal data encrypted. */
export class TeacherRepository implements TeacherStore {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  /**
   * What is stored of these records: their number, their content hash, and what a change to them
   * would touch (the person they belong to, the school they entered, whether gone).
   */
  async storedState(teacherIds: readonly string[]): Promise<Map<string, StoredState>> {
    const out = new Map<string, StoredState>();
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      const rows = await this.db
        .selectFrom('teacher')
        .select(['teacher_id', 'seq', 'content_mac', 'group_key', 'institution_code', 'institution_name', 'county_code', 'gone'])
        .where('teacher_id', 'in', ids)
        .execute();
      for (const r of rows) {
        out.set(r.teacher_id, {
          seq: Number(r.seq), contentMac: r.content_mac, groupKey: r.group_key, institutionCode: r.institution_code,
          institutionName: r.institution_name, countyCode: r.county_code, gone: Number(r.gone) === 1,
        });
      }
    }
    return out;
  }

  async lastSeq(): Promise<number> {
    const r = await this.db.selectFrom('teacher').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  async upsert(records: readonly StoredTeacher[]): Promise<void> {
    for (const part of chunks(records, 1000)) await upsertRows(this.db, this.dialect, 'teacher', part.map(toRow), ['teacher_id'], UPDATE_COLUMNS);
  }

  /** Records a full pull had found gone, listed again unchanged: they are back. */
  async markSeen(teacherIds: readonly string[], runId: number): Promise<void> {
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      await this.db.updateTable('teacher').set({ seen_run_id: runId, gone: 0 }).where('teacher_id', 'in', ids).execute();
    }
  }

  /** The people (group keys) of the records among these numbers that are not gone, at most `limit` + 1 of them. */
  async unseenGroupKeys(unlisted: Iterable<readonly number[]>, limit: number): Promise<string[]> {
    const out: string[] = [];
    for (const seqs of unlisted) {
      if (out.length > limit) break;
      for (const part of chunks(seqs, IN_LIST_LIMIT)) {
        if (part.length > 0) out.push(...(await this.db.selectFrom('teacher').select('group_key').where('seq', 'in', part).where('gone', '=', 0).execute()).map((r) => r.group_key));
      }
    }
    return out.slice(0, limit + 1);
  }

  /** The people (group keys) these records belong to now. */
  async groupKeysOf(teacherIds: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length > 0) out.push(...(await this.db.selectFrom('teacher').select('group_key').where('teacher_id', 'in', ids).execute()).map((r) => r.group_key));
    }
    return out;
  }

  /** After a complete full pull, given the numbers it did not list: those records are gone. */
  async markUnseenGone(unlisted: Iterable<readonly number[]>): Promise<number> {
    let gone = 0;
    for (const seqs of unlisted) {
      for (const part of chunks(seqs, IN_LIST_LIMIT)) {
        if (part.length > 0) gone += Number((await this.db.updateTable('teacher').set({ gone: 1 }).where('seq', 'in', part).where('gone', '=', 0).executeTakeFirst()).numUpdatedRows);
      }
    }
    return gone;
  }

  /** The next chunk of records in primary-key order: a sequential read of the table. */
  async planChunk(afterTeacherId: string | null, limit: number): Promise<PlanRecord[]> {
    let q = this.db.selectFrom('teacher').select(PLAN_COLUMNS).orderBy('teacher_id').limit(limit);
    if (afterTeacherId !== null) q = q.where('teacher_id', '>', afterTeacherId);
    return (await q.execute()).map(toPlanRecord);
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
  async groups(groupKeys: readonly string[]): Promise<PlanRecord[]> {
    const out: PlanRecord[] = [];
    for (const part of chunks(groupKeys, IN_LIST_LIMIT)) {
      if (part.length === 0) continue;
      // Sorted here, not by the database: asked for an order besides the IN list of over 200 keys,
      // MariaDB reads the whole table in key order instead of the few rows by teacher_group_idx.
      const rows = await this.db.selectFrom('teacher').select(PLAN_COLUMNS).where('group_key', 'in', part).execute();
      rows.sort((a, b) => (a.teacher_id < b.teacher_id ? -1 : a.teacher_id > b.teacher_id ? 1 : 0));
      for (const r of rows) out.push(toPlanRecord(r));
    }
    return out;
  }

  /** Which of these people (group keys) any record still carries. */
  async presentGroupKeys(groupKeys: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks(groupKeys, IN_LIST_LIMIT)) {
      if (part.length === 0) continue;
      for (const r of await this.db.selectFrom('teacher').select('group_key').distinct().where('group_key', 'in', part).execute()) out.add(r.group_key);
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

  async byIds(teacherIds: readonly string[]): Promise<Map<string, StoredTeacher>> {
    const out = new Map<string, StoredTeacher>();
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      const rows = (await this.db.selectFrom('teacher').select(SELECT_COLUMNS).where('teacher_id', 'in', ids).execute()) as TeacherRow[];
      for (const r of rows) out.set(r.teacher_id, toStored(r));
    }
    return out;
  }

  /** Which of these identities some usable record carries (guards adopting a link by teacherId). */
  async identitiesInUse(identityMacs: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks(identityMacs, IN_LIST_LIMIT)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('teacher').select('group_key').distinct().where('group_key', 'in', part).where('valid', '=', 1).where('gone', '=', 0).execute();
      for (const r of rows) out.add(r.group_key);
    }
    return out;
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

  /** Teachers whose record names this institution code, by index (teacher_entered_school_idx, which starts with the code). */
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
