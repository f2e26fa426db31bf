import type { Kysely } from 'kysely';

/** A teacher's history is read by teacher, in the order it was written. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_teacher_idx').on('audit_log').columns(['teacher_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_teacher_idx').on('audit_log').execute();
}
