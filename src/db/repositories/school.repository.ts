import type { SchoolStore } from '../ports/school.port.js';
import type { TargetSchool } from '../../core/types.js';
import type { Db } from '../database.js';
import type { TargetSchoolTable } from '../tables/target-school.table.js';
import { chunks, IN_LIST_LIMIT, upsertRows, type Dialect } from '../upsert.js';

const SCHOOL_COLUMNS = ['school_id', 'institution_code', 'name', 'campus_name', 'county_code', 'status'] as const;

function toSchool(r: Pick<TargetSchoolTable, (typeof SCHOOL_COLUMNS)[number]>): TargetSchool {
  return {
    schoolId: r.school_id, institutionCode: r.institution_code, name: r.name, campusName: r.campus_name,
    countyCode: r.county_code, status: r.status === 'active' ? 'active' : 'inactive',
  };
}

/** Schools of the student-record platform as last pulled. */
export class SchoolRepository implements SchoolStore {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  async upsert(rows: readonly TargetSchool[], runId: number): Promise<void> {
    await upsertRows(
      this.db, this.dialect, 'target_school',
      rows.map((s) => ({
        school_id: s.schoolId, institution_code: s.institutionCode, name: s.name, campus_name: s.campusName,
        county_code: s.countyCode, status: s.status, seen_run_id: runId,
      })),
      ['school_id'], ['institution_code', 'name', 'campus_name', 'county_code', 'status', 'seen_run_id'],
    );
  }

  /**
   * After a complete pull: schools the platform no longer lists take no more teachers. They are
   * marked inactive and as not listed (`seen_run_id` 0); returns how many were active.
   */
  async markUnlisted(schoolIds: readonly string[]): Promise<number> {
    let deactivated = 0;
    for (const ids of chunks(schoolIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      const active = await this.db.updateTable('target_school').set({ status: 'inactive' }).where('school_id', 'in', ids).where('status', '=', 'active').executeTakeFirst();
      deactivated += Number(active.numUpdatedRows);
      await this.db.updateTable('target_school').set({ seen_run_id: 0 }).where('school_id', 'in', ids).execute();
    }
    return deactivated;
  }

  /** How many schools the last pull listed: every stored school but those it no longer listed. */
  async countLastListed(): Promise<number> {
    const r = await this.db.selectFrom('target_school').select((eb) => eb.fn.countAll<number>().as('n')).where('seen_run_id', '<>', 0).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Every stored school, and whether the last pull listed it. */
  async listing(): Promise<{ school: TargetSchool; listed: boolean }[]> {
    const rows = await this.db.selectFrom('target_school').select([...SCHOOL_COLUMNS, 'seen_run_id']).execute();
    return rows.map((r) => ({ school: toSchool(r), listed: Number(r.seen_run_id) !== 0 }));
  }

  async all(): Promise<TargetSchool[]> {
    const rows = await this.db.selectFrom('target_school').select(SCHOOL_COLUMNS).orderBy('school_id').execute();
    return rows.map(toSchool);
  }

  async byIds(schoolIds: readonly string[]): Promise<Map<string, TargetSchool>> {
    const out = new Map<string, TargetSchool>();
    for (const ids of chunks(schoolIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      for (const r of await this.db.selectFrom('target_school').select(SCHOOL_COLUMNS).where('school_id', 'in', ids).execute()) out.set(r.school_id, toSchool(r));
    }
    return out;
  }

  /** The schools carrying one institution code, whatever their status. */
  async forCode(institutionCode: string): Promise<TargetSchool[]> {
    const rows = await this.db.selectFrom('target_school').select(SCHOOL_COLUMNS).where('institution_code', '=', institutionCode).orderBy('school_id').execute();
    return rows.map(toSchool);
  }

  /** Every school grouped by institution code; a province has tens of thousands, which fit in memory. */
  async byCode(): Promise<Map<string, TargetSchool[]>> {
    const map = new Map<string, TargetSchool[]>();
    for (const s of await this.all()) {
      const list = map.get(s.institutionCode);
      if (list) list.push(s);
      else map.set(s.institutionCode, [s]);
    }
    return map;
  }
}
