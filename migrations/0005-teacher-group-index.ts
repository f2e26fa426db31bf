import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('teacher_group_idx').on('teacher').columns(['group_key', 'teacher_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('teacher_group_idx').on('teacher').execute();
}
