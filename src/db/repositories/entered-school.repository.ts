import { sql, type Kysely } from 'kysely';
import type { Database, Db } from '../database.js';
import type { EnteredSchoolTally, EnteredSchoolStore } from '../ports/entered-school.port.js';
import type { Dialect } from '../upsert.js';

/**
 * Room for the grouping in memory. With the server's default (16 MiB) the temporary table of a
 * province's entered schools spills to disk, and the query takes three times as long.
 */
const GROUPING_MEMORY_BYTES = 256 * 1024 * 1024;

/** The schools entered on the teacher-training platform, read from the stored teacher records. */
export class EnteredSchoolRepository implements EnteredSchoolStore {
  constructor(private readonly db: Db, private readonly dialect: Dialect = 'sqlite') {}

  /**
   * Grouped by the database: a province has about a hundred thousand distinct entered schools
   * and a million teachers, so the teachers themselves are never loaded.
   */
  async list(): Promise<EnteredSchoolTally[]> {
    const query = (db: Kysely<Database>) =>
      db
        .selectFrom('teacher')
        .select(['institution_code', 'institution_name', 'county_code', (eb) => eb.fn.countAll<number>().as('n')])
        .where('gone', '=', 0)
        .groupBy(['institution_code', 'institution_name', 'county_code'])
        .execute();
    const roomy = (db: Kysely<Database>) => sql`SET SESSION tmp_table_size = ${sql.lit(GROUPING_MEMORY_BYTES)}, max_heap_table_size = ${sql.lit(GROUPING_MEMORY_BYTES)}`.execute(db);
    let rows: Awaited<ReturnType<typeof query>>;
    if (this.dialect !== 'mysql') rows = await query(this.db);
    else if (this.db.isTransaction) {
      await roomy(this.db);
      rows = await query(this.db);
    } else {
      // Both statements on one connection of the pool: the setting is the session's.
      rows = await this.db.connection().execute(async (conn) => {
        await roomy(conn);
        return query(conn);
      });
    }
    return rows.map((r) => ({ institutionCode: r.institution_code, institutionName: r.institution_name, countyCode: r.county_code, teachers: Number(r.n) }));
  }
}
