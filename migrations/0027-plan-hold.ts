import type { Kysely } from 'kysely';
import { withTableOptions } from './table-options.js';

/**
 * The people whose standing after the last plan their account link cannot tell: held back
 * (quarantined, no target school, county not live yet), unchanged without an account of their own,
 * or not counted though an account carries their identity. A plan of the changed people reads it
 * to keep the counts of everyone else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withTableOptions(
    db,
    db.schema.createTable('plan_hold')
    .addColumn('group_key', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('standing', 'varchar(16)', (c) => c.notNull())
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_hold').execute();
}
