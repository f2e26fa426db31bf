import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/** Schools and campuses of the student-record platform; several may share an institution code. */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('target_school')
    .addColumn('school_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('institution_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('campus_name', 'varchar(300)')
    .addColumn('county_code', 'varchar(6)')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('seen_run_id', 'integer', (c) => c.notNull())
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('target_school').execute();
}
