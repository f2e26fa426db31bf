import type { Kysely } from 'kysely';

/** Reports list the quarantined records still listed: a few percent of the table, found by index. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('teacher_quarantine_idx').on('teacher').columns(['valid', 'gone']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('teacher_quarantine_idx').on('teacher').execute();
}
