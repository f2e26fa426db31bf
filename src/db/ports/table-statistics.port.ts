import type { StatisticsTable } from '../../core/table-statistics.js';

/** The database's statistics of its own tables, which its choice of index rests on. */
export interface TableStatisticsStore {
  /**
   * Brings the statistics of these tables up to date. Outside a transaction only: MariaDB commits
   * whatever is open when it analyses a table, so inside one (a dry run) this does nothing.
   */
  refresh(tables: readonly StatisticsTable[]): Promise<void>;
}
