import type { Kysely } from 'kysely';

/**
 * A plan of the changed deletes what was said of each person it re-plans, 500 at a time: by run
 * and teacher, that is a look-up, not a read of every problem the run carried (tens of thousands at
 * a million teachers). A teacher's problems in a run (the console, `accounts explain`) use it too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sync_problem_teacher_idx').on('sync_problem').columns(['run_id', 'teacher_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sync_problem_teacher_idx').on('sync_problem').execute();
}
