import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/** Forward-only high-water marks of the delta pulls. */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('sync_cursor')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('value_ms', 'bigint', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.notNull())
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_cursor').execute();
}
