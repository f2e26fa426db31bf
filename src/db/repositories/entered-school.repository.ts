import type { Db } from '../database.js';

/** A school as teachers entered it (code + name), in one county as given, with how many did. */
export interface EnteredSchoolRow {
  institutionCode: string | null;
  institutionName: string | null;
  countyCode: string | null;
  teachers: number;
}

/** The schools entered on the teacher-training platform, read from the stored teacher records. */
export class EnteredSchoolRepository {
  constructor(private readonly db: Db) {}

  /**
   * Grouped by the database: a province has about a hundred thousand distinct entered schools
   * and a million teachers, so the teachers themselves are never loaded.
   */
  async list(): Promise<EnteredSchoolRow[]> {
    const rows = await this.db
      .selectFrom('teacher')
      .select(['institution_code', 'institution_name', 'county_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('gone', '=', 0)
      .groupBy(['institution_code', 'institution_name', 'county_code'])
      .execute();
    return rows.map((r) => ({ institutionCode: r.institution_code, institutionName: r.institution_name, countyCode: r.county_code, teachers: Number(r.n) }));
  }
}
