import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sync_problem_run_idx').on('sync_problem').columns(['run_id', 'code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sync_problem_run_idx').on('sync_problem').execute();
}
