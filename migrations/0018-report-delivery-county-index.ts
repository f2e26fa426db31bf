import type { Kysely } from 'kysely';

/** The last delivery to a county on a channel is looked up before every report. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('report_delivery_county_idx').on('report_delivery').columns(['county_code', 'channel', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('report_delivery_county_idx').on('report_delivery').execute();
}
