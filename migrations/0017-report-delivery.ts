import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/**
 * Reports mailed or written per county and run, with a hash of their content: a report whose
 * content equals the last one delivered to that county is not delivered again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('report_delivery')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('county_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('recipients', 'varchar(2000)', (c) => c.notNull())
    .addColumn('finding_count', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'varchar(300)')
    .addColumn('error', 'varchar(1000)')
    .addColumn('attempted_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('sent_at_ms', 'bigint')
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_delivery').execute();
}
