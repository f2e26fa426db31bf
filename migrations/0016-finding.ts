import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/**
 * Per run, every school as entered on the teacher-training platform that does not match the
 * registry or the student-record platform. Keyed by (run_id, seq): a run's findings are read together.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('finding')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('county_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('platform_county_code', 'varchar(6)')
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('institution_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('entered_name', 'varchar(300)', (c) => c.notNull())
    .addColumn('registry_name', 'varchar(300)')
    .addColumn('registry_county_code', 'varchar(6)')
    .addColumn('score', 'double precision')
    .addColumn('method', 'varchar(12)')
    .addColumn('teacher_count', 'integer', (c) => c.notNull())
    .addColumn('suggested_code', 'varchar(10)')
    .addColumn('suggested_name', 'varchar(300)')
    .addColumn('detail', 'varchar(500)', (c) => c.notNull())
    .addPrimaryKeyConstraint('finding_pk', ['run_id', 'seq'])
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('finding').execute();
}
