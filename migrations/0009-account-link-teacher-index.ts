import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('account_link_teacher_idx').on('account_link').column('teacher_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('account_link_teacher_idx').on('account_link').execute();
}
