/**
 * The write floor by MariaDB's fastest load path: the rows a full sync wrote, dumped from its
 * database to tab-separated files (not timed), then loaded with `LOAD DATA LOCAL INFILE` into an
 * empty copy of the schema, timed around each load alone.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createConnection, type Connection } from 'mysql2/promise';
import { createConnection as createStreamingConnection } from 'mysql2';

/** The tables whose rows the multi-row floor writes too, so that the two figures compare. */
export const FLOOR_TABLES = ['teacher', 'account_link', 'plan_item'] as const;

/** One field in LOAD DATA's default format: tab-separated, backslash-escaped, `\N` for NULL. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Streams every row of `table` (in the table's column order) into a file; returns the row count. */
async function dumpTable(sourceUrl: string, table: string, where: string | undefined, path: string): Promise<number> {
  const conn = createStreamingConnection({ uri: sourceUrl, supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
  const out = createWriteStream(path);
  let n = 0;
  try {
    const rows = conn.query({ sql: `SELECT * FROM \`${table}\`${where ? ` WHERE ${where}` : ''}`, rowsAsArray: true }).stream();
    for await (const row of rows as AsyncIterable<unknown[]>) {
      if (!out.write(`${row.map(field).join('\t')}\n`)) await once(out, 'drain');
      n++;
    }
  } finally {
    out.end();
    await once(out, 'finish');
    conn.destroy();
  }
  return n;
}

async function load(conn: Connection, table: string, path: string): Promise<number> {
  const t0 = performance.now();
  await conn.query({
    sql: `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE \`${table}\` CHARACTER SET utf8mb4`,
    infileStreamFactory: () => createReadStream(path),
  });
  return performance.now() - t0;
}

export interface LoadDataFloor {
  ms: number;
  /** CPU the database server used for the loads, when `dbCpuMs` could read it. */
  dbCpuMs: number | null;
  rows: number;
  perTable: { table: string; rows: number; ms: number }[];
}

/**
 * Loads the rows of `FLOOR_TABLES` (those of each table that match its `where`, when given) from
 * the database at `sourceUrl` into the empty, migrated database at `targetUrl`. The session drops unique and foreign-key checks, as a bulk load of
 * known-good rows may; the tables keep their indexes, as the sync's own tables do.
 */
export async function loadDataFloor(
  sourceUrl: string, targetUrl: string, where: Partial<Record<(typeof FLOOR_TABLES)[number], string>> = {}, dbCpuMs: () => number | null = () => null,
): Promise<LoadDataFloor> {
  const dir = await mkdtemp(join(tmpdir(), 'teacher-sync-floor-'));
  const conn = await createConnection({ uri: targetUrl, infileStreamFactory: () => { throw new Error('no file named'); } });
  try {
    await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    const perTable: LoadDataFloor['perTable'] = [];
    let cpu: number | null = 0;
    for (const table of FLOOR_TABLES) {
      const path = join(dir, `${table}.tsv`);
      const rows = await dumpTable(sourceUrl, table, where[table], path);
      await conn.query(`TRUNCATE TABLE \`${table}\``);
      const before = dbCpuMs();
      perTable.push({ table, rows, ms: await load(conn, table, path) });
      const after = dbCpuMs();
      cpu = cpu === null || before === null || after === null ? null : cpu + after - before;
    }
    return { ms: perTable.reduce((a, t) => a + t.ms, 0), dbCpuMs: cpu, rows: perTable.reduce((a, t) => a + t.rows, 0), perTable };
  } finally {
    await conn.end();
    await rm(dir, { recursive: true, force: true });
  }
}
