import type { Kysely } from 'kysely';

/** The console lists the accounts at the campuses of one code: by index, not a read of every account. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('account_link_school_idx').on('account_link').column('school_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('account_link_school_idx').on('account_link').execute();
}
