import { MysqlAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * On MySQL/MariaDB every table is utf8mb4 with a binary collation: identifiers such as teacher IDs
 * must compare exactly as the platforms send them ('T1' is not 't1'), and in the same order as
 * SQLite and JavaScript compare them. SQLite compares binary by default.
 */
export function withTableOptions<T extends string, C extends string>(db: Kysely<any>, builder: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) {
    return builder.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }
  return builder;
}
