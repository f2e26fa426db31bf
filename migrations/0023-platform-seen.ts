import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/**
 * The external ids a reconciliation saw on the student-record platform. Filled only when fewer
 * linked accounts were seen than the daemon has links, to name the missing ones; emptied after.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('platform_seen')
    .addColumn('external_id', 'varchar(64)', (c) => c.primaryKey())
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('platform_seen').execute();
}
