import type { ProblemRecord } from '../../core/run-problem.js';
import type { ProblemCode } from '../../core/types.js';
import type { Db } from '../database.js';
import type { SyncProblemStore } from '../ports/sync-problem.port.js';
import { sql } from 'kysely';
import { chunks, IN_LIST_LIMIT } from '../upsert.js';

export type { ProblemRecord } from '../../core/run-problem.js';

/** Per-record problems of each run. */
export class SyncProblemRepository implements SyncProblemStore {
  constructor(private readonly db: Db) {}

  async insert(rows: readonly ProblemRecord[]): Promise<void> {
    for (const part of chunks(rows, 500)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('sync_problem')
        .values(part.map((p) => ({
          run_id: p.runId, teacher_id: p.teacherId, code: p.code, detail: p.detail.slice(0, 1000),
          institution_code: p.institutionCode?.slice(0, 64) ?? null, county_code: p.countyCode,
        })))
        .execute();
    }
  }

  /** Problems of a run's teachers with a code, when what they said no longer holds (a push tried again). */
  async deleteFor(runId: number, teacherIds: readonly string[], code: ProblemCode): Promise<void> {
    for (const ids of chunks(teacherIds, 500)) {
      if (ids.length === 0) continue;
      await this.db.deleteFrom('sync_problem').where('run_id', '=', runId).where('code', '=', code).where('teacher_id', 'in', ids).execute();
    }
  }

  /** Copies the problems with these codes from one run to another (what still holds, carried). */
  async carry(fromRunId: number, toRunId: number, codes: readonly ProblemCode[]): Promise<number> {
    if (codes.length === 0) return 0;
    const r = await this.db
      .insertInto('sync_problem')
      .columns(['run_id', 'teacher_id', 'code', 'detail', 'institution_code', 'county_code'])
      .expression(
        this.db.selectFrom('sync_problem')
          .select([sql.lit(toRunId).as('run_id'), 'teacher_id', 'code', 'detail', 'institution_code', 'county_code'])
          .where('run_id', '=', fromRunId).where('code', 'in', [...codes])
          .orderBy('id'),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** Drops a run's problems with these codes for these teachers (about to be said again, or no longer). */
  async deleteForTeachers(runId: number, teacherIds: readonly string[], codes: readonly ProblemCode[]): Promise<void> {
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      await this.db.deleteFrom('sync_problem').where('run_id', '=', runId).where('code', 'in', [...codes]).where('teacher_id', 'in', ids).execute();
    }
  }

  async countsByCode(runId: number): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('sync_problem')
      .select(['code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', '=', runId)
      .groupBy('code')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** What a run said of these teachers. */
  async forTeachers(runId: number, teacherIds: readonly string[]): Promise<ProblemRecord[]> {
    const out: ProblemRecord[] = [];
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      const rows = await this.db.selectFrom('sync_problem').select(['run_id', 'teacher_id', 'code', 'detail', 'institution_code', 'county_code'])
        .where('run_id', '=', runId).where('teacher_id', 'in', ids).orderBy('id').execute();
      out.push(...rows.map((r) => ({ runId: Number(r.run_id), teacherId: r.teacher_id, code: r.code as ProblemCode, detail: r.detail, institutionCode: r.institution_code, countyCode: r.county_code })));
    }
    return out;
  }

  async forRun(runId: number, limit = 1000): Promise<ProblemRecord[]> {
    const rows = await this.db
      .selectFrom('sync_problem')
      .select(['run_id', 'teacher_id', 'code', 'detail', 'institution_code', 'county_code'])
      .where('run_id', '=', runId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      runId: Number(r.run_id), teacherId: r.teacher_id, code: r.code as ProblemCode, detail: r.detail,
      institutionCode: r.institution_code, countyCode: r.county_code,
    }));
  }
}
