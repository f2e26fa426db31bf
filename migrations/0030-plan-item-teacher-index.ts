import type { Kysely } from 'kysely';

/**
 * A teacher's planned change in a run is found by index (the console's teacher page, `accounts
 * explain`, a reassignment's preview), not by reading every item of the run: a full sync plans a
 * million.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('plan_item_teacher_idx').on('plan_item').columns(['run_id', 'teacher_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('plan_item_teacher_idx').on('plan_item').execute();
}
