import { Kysely, MysqlDialect, SqliteDialect, type Transaction } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseConfig } from '../config/config.js';
import { CodedError, errorCodeOf } from '../core/errors.js';
import type { AccountLinkTable } from './tables/account-link.table.js';
import type { AuditLogTable } from './tables/audit-log.table.js';
import type { PlanHoldTable } from './tables/plan-hold.table.js';
import type { PlatformSeenTable } from './tables/platform-seen.table.js';
import type { FindingTable } from './tables/finding.table.js';
import type { ManualAssignmentTable } from './tables/manual-assignment.table.js';
import type { PlanItemTable } from './tables/plan-item.table.js';
import type { RegistryInstitutionTable } from './tables/registry-institution.table.js';
import type { ReportDeliveryTable } from './tables/report-delivery.table.js';
import type { SyncCursorTable } from './tables/sync-cursor.table.js';
import type { SyncLockTable } from './tables/sync-lock.table.js';
import type { SyncProblemTable } from './tables/sync-problem.table.js';
import type { SyncRunTable } from './tables/sync-run.table.js';
import type { TargetSchoolTable } from './tables/target-school.table.js';
import type { TeacherTable } from './tables/teacher.table.js';

export interface Database {
  registry_institution: RegistryInstitutionTable;
  target_school: TargetSchoolTable;
  teacher: TeacherTable;
  account_link: AccountLinkTable;
  sync_run: SyncRunTable;
  sync_problem: SyncProblemTable;
  plan_item: PlanItemTable;
  sync_cursor: SyncCursorTable;
  sync_lock: SyncLockTable;
  finding: FindingTable;
  report_delivery: ReportDeliveryTable;
  manual_assignment: ManualAssignmentTable;
  audit_log: AuditLogTable;
  platform_seen: PlatformSeenTable;
  plan_hold: PlanHoldTable;
}

/** Either the database or a transaction on it: repositories accept both. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface DbHandle {
  db: Kysely<Database>;
  kind: 'mysql' | 'sqlite';
  /** Where the database is, for messages: `host:port`, or the SQLite file. Never the credentials. */
  address: string;
  close(): Promise<void>;
}

export class DatabaseConfigError extends CodedError<'DATABASE_URL_INVALID'> {
  constructor(message: string) {
    super('DATABASE_URL_INVALID', message);
  }
}

export { DatabaseUnreachableError } from '../core/errors.js';

/** Error codes of a server that cannot be reached or went away, as Node's sockets and mysql2 give them. */
const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT',
]);

/** Whether an error says the database could not be reached, rather than that a statement failed. */
export function isUnreachable(e: unknown): boolean {
  const code = errorCodeOf(e);
  if (code !== null && UNREACHABLE.has(code)) return true;
  // A pool whose connection went away reports it on the next statement, without a code.
  return e instanceof Error && /connection is in closed state|Pool is closed|Can't add new command when connection is in closed state/i.test(e.message);
}

/** `host:port` of a server URL (3306 when none is given), without the user or password. */
export function serverAddress(url: string): string {
  try {
    const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
    return `${u.hostname}:${u.port === '' ? '3306' : u.port}`;
  } catch {
    return 'the configured address';
  }
}

export async function openDatabase(cfg: DatabaseConfig): Promise<DbHandle> {
  if (cfg.kind === 'sqlite') {
    const { default: SqliteDatabase } = await import('better-sqlite3');
    const path = cfg.url.slice('sqlite:'.length);
    if (path === '') throw new DatabaseConfigError('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/teacher-sync.db');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    // WAL lets CLI readers look at runs while a sync writes; busy_timeout makes writers queue, not fail.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 10000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, kind: 'sqlite', address: path, close: () => db.destroy() };
  }
  const { createPool } = await import('mysql2');
  const url = cfg.url.replace(/^mariadb:/, 'mysql:');
  const pool = createPool({
    uri: url,
    connectionLimit: 8,
    // Numbers that fit (counts, epoch milliseconds) come back as numbers, not strings.
    supportBigNumbers: true,
    bigNumberStrings: false,
    charset: 'utf8mb4_bin',
    timezone: 'Z',
  });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  return { db, kind: 'mysql', address: serverAddress(url), close: () => db.destroy() };
}
