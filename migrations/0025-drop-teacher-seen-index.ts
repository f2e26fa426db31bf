import { MysqlAdapter, type Kysely } from 'kysely';

/**
 * Every listed record's sighting is written on every full pull, and with this index each of those
 * writes rewrote an index entry too: half the cost of the write. The one reader, marking the
 * unlisted records gone once per full run, scans the table instead (about a second per million).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // MySQL names the table of an index; SQLite's index names are the schema's own.
  const drop = db.schema.dropIndex('teacher_seen_idx');
  await (db.getExecutor().adapter instanceof MysqlAdapter ? drop.on('teacher') : drop).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('teacher_seen_idx').on('teacher').column('seen_run_id').execute();
}
