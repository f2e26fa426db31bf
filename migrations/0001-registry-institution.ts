import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/** Snapshot of the national institution code registry (全国机构编码系统). */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('registry_institution')
    .addColumn('code', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('county_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('category', 'varchar(2)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('seen_run_id', 'integer', (c) => c.notNull())
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_institution').execute();
}
