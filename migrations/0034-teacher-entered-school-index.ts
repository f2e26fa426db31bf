import { MysqlAdapter, sql, type Kysely } from 'kysely';

/**
 * The findings group every teacher by the school entered (code, name, county). With an index in
 * that order the database reads the index in order and counts as it goes, instead of building a
 * temporary table of a million rows and sorting it (at 200,000 teachers: 0.09 s instead of 0.8 s).
 * It starts with the institution code, so it also serves the console's teachers of one code, which
 * `teacher_code_idx` served: that index is replaced, not joined by a second.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) {
    // One statement: MariaDB has no transactional DDL, so a run killed here leaves one index or the other.
    await sql`ALTER TABLE teacher DROP INDEX teacher_code_idx, ADD INDEX teacher_entered_school_idx (institution_code, institution_name, county_code, gone)`.execute(db);
    return;
  }
  await db.schema.dropIndex('teacher_code_idx').execute();
  await db.schema.createIndex('teacher_entered_school_idx').on('teacher').columns(['institution_code', 'institution_name', 'county_code', 'gone']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) {
    await sql`ALTER TABLE teacher DROP INDEX teacher_entered_school_idx, ADD INDEX teacher_code_idx (institution_code)`.execute(db);
    return;
  }
  await db.schema.dropIndex('teacher_entered_school_idx').execute();
  await db.schema.createIndex('teacher_code_idx').on('teacher').column('institution_code').execute();
}
