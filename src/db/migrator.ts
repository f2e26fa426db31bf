import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Database } from './database.js';

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
}

/** Applies every pending migration; safe to call on every start (a lock table serialises callers). */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'teacher_sync_migration',
    migrationLockTableName: 'teacher_sync_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
  return results ?? [];
}
