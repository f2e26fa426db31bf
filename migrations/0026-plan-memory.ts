import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/**
 * What a run's plan leaves for the next one to build on. `sync_run.plan_json` holds what the plan
 * was made from (keyed fingerprints of schools, registry and policy, the last audit entry read)
 * and whether it walked every person. `plan_hold` names the people whose standing cannot be read
 * from their account link alone: held back (quarantined, no target school, before go-live), or
 * counted unchanged without an account of their own. A plan that re-plans only the people who
 * changed reads these to keep the counts of everyone else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_run').addColumn('plan_json', 'text').execute();
  await withTableOptions(
    db,
    db.schema.createTable('plan_hold')
    .addColumn('group_key', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('standing', 'varchar(16)', (c) => c.notNull())
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_hold').execute();
  await db.schema.alterTable('sync_run').dropColumn('plan_json').execute();
}
