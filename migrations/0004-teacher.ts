import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/**
 * Teachers as last pulled from the teacher-training platform, normalised. The ID number, mobile
 * and e-mail address are sealed together in `pii_enc` (one encryption per record); `identity_mac` finds the person without decrypting. `group_key` is the
 * identity when it is valid, else the record's own key: records sharing it are one person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('teacher')
    .addColumn('teacher_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('group_key', 'varchar(80)', (c) => c.notNull())
    .addColumn('identity_mac', 'varchar(64)')
    .addColumn('name', 'varchar(300)')
    .addColumn('id_type', 'varchar(20)')
    .addColumn('id_number_masked', 'varchar(40)')
    .addColumn('gender', 'varchar(1)')
    .addColumn('pii_enc', 'text')
    .addColumn('institution_code', 'varchar(64)')
    .addColumn('institution_name', 'varchar(300)')
    .addColumn('county_code', 'varchar(6)')
    .addColumn('status', 'varchar(10)')
    .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('problems', 'text')
    .addColumn('valid', 'integer', (c) => c.notNull())
    .addColumn('gone', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content_mac', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload_mac', 'varchar(64)')
    .addColumn('seen_run_id', 'integer', (c) => c.notNull())
    .addColumn('link_external_id', 'varchar(64)')
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('teacher').execute();
}
