import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createRepositories, type Repositories } from '../../src/db/repositories.js';

export const MARIADB_ROOT = 'mysql://root@127.0.0.1:3306';

export type DbKind = 'sqlite' | 'mariadb';

export interface TestDatabase {
  kind: DbKind;
  url: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file: a fresh schema on MariaDB, a temp file for SQLite. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'teacher-sync-test-'));
    return { kind, url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `ts_test_${randomBytes(5).toString('hex')}`;
  const admin = createPool({ uri: MARIADB_ROOT, connectionLimit: 1 });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  return {
    kind,
    url: `${MARIADB_ROOT}/${name}`,
    drop: async () => {
      const a = createPool({ uri: MARIADB_ROOT, connectionLimit: 1 });
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}

export interface MigratedDatabase {
  handle: DbHandle;
  repos: Repositories;
  close(): Promise<void>;
}

/** A test database of its own, migrated to the latest schema, with the repositories over it. */
export async function openMigratedDatabase(kind: DbKind): Promise<MigratedDatabase> {
  const database = await createTestDatabase(kind);
  const handle = await openDatabase({ url: database.url, kind: kind === 'sqlite' ? 'sqlite' : 'mysql' });
  await migrateToLatest(handle.db);
  return {
    handle,
    repos: createRepositories(handle.db, handle.kind),
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}
