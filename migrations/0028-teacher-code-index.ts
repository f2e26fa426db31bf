import type { Kysely } from 'kysely';

/** The console lists the teachers of one institution code (a shared code's page): by index, not a read of every teacher. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('teacher_code_idx').on('teacher').column('institution_code').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('teacher_code_idx').on('teacher').execute();
}
