import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('teacher_seen_idx').on('teacher').column('seen_run_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('teacher_seen_idx').on('teacher').execute();
}
