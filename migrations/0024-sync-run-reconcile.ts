import type { Kysely } from 'kysely';

/** What the reconciliation step of a run found (counts as JSON); null for runs without one. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_run').addColumn('reconcile_json', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_run').dropColumn('reconcile_json').execute();
}
