import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/** The changes a run planned, and what became of each push. */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('plan_item')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('external_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('teacher_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('identity_mac', 'varchar(64)', (c) => c.notNull())
    .addColumn('action', 'varchar(10)', (c) => c.notNull())
    .addColumn('school_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('desired_status', 'varchar(10)', (c) => c.notNull())
    .addColumn('desired_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('choice_reason', 'varchar(20)')
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('result_status', 'integer')
    .addColumn('result_code', 'varchar(40)')
    .addPrimaryKeyConstraint('plan_item_pk', ['run_id', 'external_id'])
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_item').execute();
}
