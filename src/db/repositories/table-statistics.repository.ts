import { sql } from 'kysely';
import type { StatisticsTable } from '../../core/table-statistics.js';
import type { Db } from '../database.js';
import type { TableStatisticsStore } from '../ports/table-statistics.port.js';
import type { Dialect } from '../upsert.js';

/** ANALYZE TABLE on MariaDB/MySQL (InnoDB samples a few pages per index: milliseconds); PRAGMA optimize on SQLite. */
export class TableStatisticsRepository implements TableStatisticsStore {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  async refresh(tables: readonly StatisticsTable[]): Promise<void> {
    if (tables.length === 0 || this.db.isTransaction) return;
    if (this.dialect === 'mysql') {
      await sql`ANALYZE TABLE ${sql.join(tables.map((t) => sql.table(t)))}`.execute(this.db);
    } else {
      // SQLite analyses, within a bounded number of rows, the tables whose statistics need it.
      await sql`PRAGMA optimize`.execute(this.db);
    }
  }
}
