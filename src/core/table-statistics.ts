/**
 * When the database's idea of a table's size must be brought up to date.
 *
 * A database chooses how to read (an index or the whole table) from statistics it keeps of each
 * table. After a bulk write — the first full sync loads a million teachers and their accounts —
 * those statistics can describe the table as it was: MariaDB was seen to read all 177,517 accounts
 * to find 500 by identity, until the table was analysed (21 ms), after which it used the index.
 * A step that wrote this many rows has the tables it wrote analysed before anything reads them.
 */
export const STATISTICS_STALE_AFTER_ROWS = 10_000;

/** The tables whose statistics a step of a run moves. */
export const WRITTEN_BY = {
  pull: ['teacher'],
  plan: ['plan_item', 'plan_hold', 'sync_problem', 'account_link'],
  push: ['account_link', 'teacher', 'plan_item'],
} as const satisfies Record<string, readonly string[]>;

export type StatisticsStep = keyof typeof WRITTEN_BY;
export type StatisticsTable = (typeof WRITTEN_BY)[StatisticsStep][number];

/** The tables to analyse after a step that wrote `rows` rows; none when it wrote few. */
export function tablesToAnalyse(step: StatisticsStep, rows: number): readonly StatisticsTable[] {
  return rows >= STATISTICS_STALE_AFTER_ROWS ? WRITTEN_BY[step] : [];
}
