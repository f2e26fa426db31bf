import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/**
 * A person's choice of school for one teacher, which wins over the campus rules until undone. Keyed
 * by teacher: one assignment per teacher, replaced by the next one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('manual_assignment')
    .addColumn('teacher_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('school_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('institution_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('reason', 'varchar(1000)', (c) => c.notNull())
    .addColumn('assigned_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('stale_reason', 'varchar(40)')
    .addColumn('stale_at_ms', 'bigint')
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('manual_assignment').execute();
}
