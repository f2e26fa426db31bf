import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/** At most one sync per database: the holder refreshes its heartbeat; a stale lock is taken over. */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('sync_lock')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(300)')
    .addColumn('run_id', 'integer')
    .addColumn('host', 'varchar(200)')
    .addColumn('pid', 'integer')
    .addColumn('acquired_at_ms', 'bigint')
    .addColumn('heartbeat_at_ms', 'bigint')
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_lock').execute();
}
