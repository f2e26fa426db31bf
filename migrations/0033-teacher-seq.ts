import { MysqlAdapter, sql, type Kysely } from 'kysely';

/**
 * A number per teacher record, fixed when the record is first stored and never shared: a pull
 * keeps the records it listed as one bit each by this number, so a record listed again unchanged
 * is not written at all, and the records a full pull did not list are the numbers it did not see.
 * Existing records are numbered here, in key order on MariaDB, by rowid on SQLite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) {
    // One statement: MariaDB has no transactional DDL, and AUTO_INCREMENT numbers the rows as it adds the column.
    await sql`ALTER TABLE teacher ADD COLUMN seq INT NOT NULL AUTO_INCREMENT, ADD INDEX teacher_seq_idx (seq)`.execute(db);
    return;
  }
  await db.schema.alterTable('teacher').addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`UPDATE teacher SET seq = rowid`.execute(db);
  await db.schema.createIndex('teacher_seq_idx').on('teacher').column('seq').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) {
    await sql`ALTER TABLE teacher DROP INDEX teacher_seq_idx, DROP COLUMN seq`.execute(db);
    return;
  }
  await db.schema.dropIndex('teacher_seq_idx').execute();
  await db.schema.alterTable('teacher').dropColumn('seq').execute();
}
