import { sql } from 'kysely';
import { hostname } from 'node:os';
import { requireProvinceDivisions } from './areacodes/area-code-history.js';
import { createReassignmentService, type ReassignmentService } from './assignments/reassignment.service.js';
import type { BaseConfig, SyncConfig } from './config/config.js';
import type { ProvinceDivisions } from './core/county-routing.js';
import { createPiiCipher } from './crypto/pii-cipher.js';
import type { TeacherExplanation } from './core/teacher-explanation.js';
import { readTeacherExplanation } from './sync/explain-teacher.js';
import { openDatabase, type DbHandle } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import type { Storage } from './db/port.js';
import { createStorage } from './db/storage.js';
import { createLogger, type Logger } from './log/logger.js';
import { createMailer } from './mail/create-mailer.js';
import { createPlatformClients, type PlatformClientOptions } from './platforms/platform-clients.js';
import type { ReportContext } from './reports/report-dispatch.js';
import { createRunReporter } from './reports/run-reporter.js';
import type { ProgressReporter, SyncDeps } from './sync/ports.js';
import { runSync } from './sync/sync-run.js';

/**
 * The composition root: every adapter and service is built here, once, and handed to the code that
 * uses it. The CLI, the daemon, the workers and the web console are its callers: they parse, call
 * and print, and close the app when they are done.
 */
export interface App {
  readonly cfg: Readonly<BaseConfig>;
  readonly log: Logger;
  readonly storage: Storage;
  /** The configured province's divisions: routing, county names. */
  readonly divisions: ProvinceDivisions;
  /** The mailer, recipients and routing data that reports need. */
  readonly reports: ReportContext;
  readonly reassignment: ReassignmentService;
  /**
   * Every step a run takes for one teacher (`accounts explain`, the console's teacher page); null
   * when PII_KEY is not set, since an explanation compares the record with what was pushed.
   */
  readonly explainTeacher: ((teacherId: string) => Promise<TeacherExplanation | null>) | null;
  /** Everything a run needs (the platforms among it); null when the config has no platform settings. */
  readonly sync: SyncDeps | null;
  /** Answers when the database does (health checks). */
  pingDatabase(): Promise<void>;
  /** The platforms' clients, then the mailer, then the database. */
  close(): Promise<void>;
}

/** An app built from a sync config: it can run syncs. */
export interface SyncApp extends App {
  readonly cfg: Readonly<SyncConfig>;
  readonly sync: SyncDeps;
}

/** What a long-running process observes of the runs it works (its metrics). */
export interface SyncObservers extends PlatformClientOptions {
  onPushed?: SyncDeps['onPushed'];
  onDelivery?: ReportContext['onDelivery'];
}

export interface AppOptions {
  /** The logger to use instead of one made from the config (a command's quieter one, a test's). */
  logger?: Logger;
  /** Progress of a run's phases, at a terminal. */
  progress?: ProgressReporter;
  observers?: SyncObservers;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isSyncConfig(cfg: Readonly<BaseConfig>): cfg is Readonly<SyncConfig> {
  return 'ttp' in cfg && 'srp' in cfg;
}

/** Opens the database and brings it to the latest migration; closes it again if that fails. */
async function openMigrated(cfg: Readonly<BaseConfig>, log: Logger): Promise<DbHandle> {
  const handle = await openDatabase(cfg.database);
  try {
    const applied = await migrateToLatest(handle.db, handle.address);
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.migrationName) }, 'database migrated');
  } catch (e) {
    await handle.close();
    throw e;
  }
  return handle;
}

/** A sync's dependencies over the app's storage and reporter, with the platforms' clients. */
async function buildSyncDeps(cfg: Readonly<SyncConfig>, base: { log: Logger; storage: Storage; divisions: ProvinceDivisions; reports: ReportContext }, opts: AppOptions) {
  const { onPushed, onDelivery, ...platformOptions } = opts.observers ?? {};
  const clients = await createPlatformClients(cfg, base.log, platformOptions);
  const deps: SyncDeps = {
    store: base.storage,
    teachers: clients.teachers,
    registry: clients.registry,
    schools: clients.schools,
    accounts: clients.accounts,
    cipher: createPiiCipher(cfg.piiKey),
    log: base.log,
    clock: Date.now,
    policy: cfg.policy,
    host: hostname(),
    pid: process.pid,
    isProcessAlive,
    ...(opts.progress ? { progress: opts.progress } : {}),
    areaCodes: base.divisions,
    reporter: createRunReporter({ ...base.reports, ...(onDelivery ? { onDelivery } : {}) }),
    ...(onPushed ? { onPushed } : {}),
  };
  return { deps, close: () => clients.close() };
}

function explainerOf(cfg: Readonly<BaseConfig>, storage: Storage): App['explainTeacher'] {
  if (cfg.piiKey === null) return null;
  const deps = { repos: storage.repos, cipher: createPiiCipher(cfg.piiKey), policy: cfg.policy, clock: Date.now };
  return (teacherId) => readTeacherExplanation(deps, teacherId);
}

export async function createApp(cfg: Readonly<SyncConfig>, opts?: AppOptions): Promise<SyncApp>;
export async function createApp(cfg: Readonly<BaseConfig>, opts?: AppOptions): Promise<App>;
export async function createApp(cfg: Readonly<BaseConfig>, opts: AppOptions = {}): Promise<App> {
  const log = opts.logger ?? createLogger(cfg.log);
  const handle = await openMigrated(cfg, log);
  const storage = createStorage(handle);
  const divisions = requireProvinceDivisions(cfg.policy.province.code);
  const mailer = createMailer(cfg.reports, cfg.policy.mail, log);
  const reports: ReportContext = {
    repos: storage.repos, mailer, bureaus: cfg.reports.bureaus, history: divisions, log, clock: Date.now, htmlRowLimit: cfg.policy.findings.htmlRowLimit,
    consoleUrl: cfg.policy.console.publicUrl,
  };
  let sync: Awaited<ReturnType<typeof buildSyncDeps>> | null = null;
  try {
    if (isSyncConfig(cfg)) sync = await buildSyncDeps(cfg, { log, storage, divisions, reports }, opts);
  } catch (e) {
    mailer.close();
    await handle.close();
    throw e;
  }
  const deps = sync?.deps ?? null;
  return {
    cfg, log, storage, divisions, reports, sync: deps,
    reassignment: createReassignmentService({
      storage,
      campus: { explicit: cfg.policy.campus.explicit },
      runSync: deps && (() => runSync(deps, { full: false, dryRun: false, allowMassDisable: false })),
    }),
    explainTeacher: explainerOf(cfg, storage),
    pingDatabase: async () => {
      await sql`select 1`.execute(handle.db);
    },
    close: async () => {
      sync?.close();
      mailer.close();
      await handle.close();
    },
  };
}
