import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/** Per-record problems found in a run: quarantined records, duplicates, rejected pushes. */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('sync_problem')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('teacher_id', 'varchar(64)')
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('detail', 'varchar(1000)', (c) => c.notNull())
    .addColumn('institution_code', 'varchar(64)')
    .addColumn('county_code', 'varchar(6)')
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_problem').execute();
}
