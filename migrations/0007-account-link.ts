import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/**
 * One row per account the daemon manages on the student-record platform: which person it belongs
 * to, where it was last pushed and a hash of exactly what was pushed, so that only real changes go out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('account_link')
    .addColumn('external_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('teacher_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('identity_mac', 'varchar(64)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(64)')
    .addColumn('username', 'varchar(100)')
    .addColumn('school_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('pushed_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('choice_reason', 'varchar(20)')
    .addColumn('pushed_run_id', 'integer', (c) => c.notNull())
    .addColumn('pushed_at_ms', 'bigint', (c) => c.notNull())
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_link').execute();
}
