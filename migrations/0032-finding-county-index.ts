import type { Kysely } from 'kysely';

/**
 * The console reads one area's findings, and their count over the last runs, by the division
 * codes they were routed to: by index, not every finding of each run (tens of thousands).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('finding_county_idx').on('finding').columns(['run_id', 'county_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('finding_county_idx').on('finding').execute();
}
