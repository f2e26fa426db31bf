import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tablesToAnalyse, STATISTICS_STALE_AFTER_ROWS } from '../../src/core/table-statistics.js';
import { createStorage } from '../../src/db/storage.js';
import { openMigratedDatabase, type DbKind, type MigratedDatabase } from '../support/databases.js';

describe('which tables a step has analysed', () => {
  it('analyses the tables a step wrote once it wrote many rows, and none after a quiet step', () => {
    expect(tablesToAnalyse('pull', STATISTICS_STALE_AFTER_ROWS - 1)).toEqual([]);
    expect(tablesToAnalyse('pull', STATISTICS_STALE_AFTER_ROWS)).toEqual(['teacher']);
    expect(tablesToAnalyse('push', 885_831)).toContain('account_link');
  });
});

describe.each<DbKind>(['sqlite', 'mariadb'])('table statistics on %s', (kind) => {
  let database: MigratedDatabase;
  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('brings the statistics of the tables named up to date', async () => {
    const { db } = database.handle;
    if (kind === 'mariadb') {
      const schema = sql<{ d: string }>`SELECT DATABASE() AS d`;
      const name = (await schema.execute(db)).rows[0]!.d;
      await sql`DELETE FROM mysql.innodb_table_stats WHERE database_name = ${name} AND table_name = 'account_link'`.execute(db);
      await database.repos.statistics.refresh(['account_link', 'teacher']);
      const kept = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM mysql.innodb_table_stats WHERE database_name = ${name} AND table_name = 'account_link'`.execute(db);
      expect(Number(kept.rows[0]!.n)).toBe(1);
    } else {
      await database.repos.statistics.refresh(['account_link', 'teacher']);
    }
  });

  it('does nothing inside a transaction, so a dry run is still rolled back whole', async () => {
    const storage = createStorage(database.handle);
    await expect(storage.unitOfWork(async (repos) => {
      await repos.cursors.advance('statistics-test', 1_000, 1);
      // MariaDB commits whatever is open when it analyses a table: here that must not happen.
      await repos.statistics.refresh(['teacher', 'account_link']);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await storage.repos.cursors.get('statistics-test')).toBeNull();
  });
});
