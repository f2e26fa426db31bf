import type { Kysely } from 'kysely';

/**
 * What a run's plan was made from and whom it covered (see src/core/plan-scope.ts): keyed
 * fingerprints of schools, registry and policy, the last audit entry read, whether it planned
 * everyone. The next run reads it to decide whether planning only the changed people is sound.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_run').addColumn('plan_json', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_run').dropColumn('plan_json').execute();
}
