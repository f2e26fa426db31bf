import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/** Every change made by a person (or found by a run) to where a teacher belongs: who, when, why, before, after. */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('action', 'varchar(20)', (c) => c.notNull())
    .addColumn('teacher_id', 'varchar(64)')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('reason', 'varchar(1000)')
    .addColumn('source', 'varchar(10)', (c) => c.notNull())
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
