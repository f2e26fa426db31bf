import { sql } from 'kysely';
import type { Db, Database } from './database.js';

export type Dialect = 'mysql' | 'sqlite';

/**
 * Multi-row insert-or-update, written once for both dialects: MySQL's ON DUPLICATE KEY UPDATE and
 * SQLite's ON CONFLICT. Kysely builds both; only the choice between them lives here.
 */
export async function upsertRows<T extends keyof Database & string>(
  db: Db,
  dialect: Dialect,
  table: T,
  rows: readonly Record<string, unknown>[],
  key: readonly string[],
  update: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  // The row and column types are checked by each repository; this helper only chooses the syntax.
  const insert = db.insertInto(table).values(rows as never);
  if (dialect === 'mysql') {
    const set = Object.fromEntries(update.map((c) => [c, sql`VALUES(${sql.ref(c)})`]));
    await insert.onDuplicateKeyUpdate(set as never).execute();
  } else {
    const set = Object.fromEntries(update.map((c) => [c, sql.ref(`excluded.${c}`)]));
    await insert.onConflict((oc) => oc.columns(key as never).doUpdateSet(set as never)).execute();
  }
}

/**
 * Largest IN list a query uses. MariaDB turns an IN list of 1000 values or more into a derived
 * table and scans the whole index instead of seeking (in_predicate_conversion_threshold).
 */
export const IN_LIST_LIMIT = 500;

/** Splits a list for statements whose placeholders must stay under the driver's limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
