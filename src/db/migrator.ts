import { Migrator, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { DatabaseUnreachableError, isUnreachable, type Database } from './database.js';
import { CodedError, errorCodeOf } from '../core/errors.js';

export class MigrationError extends CodedError<'MIGRATION_FAILED'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MIGRATION_FAILED', message, options);
  }
}

/**
 * MySQL commits each DDL statement by itself, so a process killed after a migration's statement ran
 * and before the migrator recorded it leaves the change made but unrecorded, and every later start
 * would fail on it ("Table 'x' already exists"). Each migration makes one change, so these errors say
 * that change is already in place: the migration counts as applied. (SQLite migrates in a
 * transaction and never gets here.)
 */
const ALREADY_APPLIED = new Set(['ER_TABLE_EXISTS_ERROR', 'ER_DUP_KEYNAME', 'ER_DUP_FIELDNAME', 'ER_CANT_DROP_FIELD_OR_KEY', 'ER_BAD_TABLE_ERROR']);

function replayable(migration: Migration): Migration {
  return {
    ...migration,
    up: async (db) => {
      try {
        await migration.up(db);
      } catch (e) {
        if (!ALREADY_APPLIED.has(errorCodeOf(e) ?? '')) throw e;
      }
    },
  };
}

/**
 * Applies every pending migration; safe to call on every start (a lock table serialises callers).
 * A database that does not answer is a `DatabaseUnreachableError` naming `address`, not a failed migration.
 */
export async function migrateToLatest(db: Kysely<Database>, address = 'the configured address'): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(Object.fromEntries(Object.entries(migrations).map(([name, m]) => [name, replayable(m)]))) },
    migrationTableName: 'teacher_sync_migration',
    migrationLockTableName: 'teacher_sync_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    if (isUnreachable(error)) throw new DatabaseUnreachableError(address, error);
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
  return results ?? [];
}
