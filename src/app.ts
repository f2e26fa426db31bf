import { hostname } from 'node:os';
import { requireProvinceDivisions } from './areacodes/area-code-history.js';
import type { BaseConfig, SyncConfig } from './config/config.js';
import { createPiiCipher } from './crypto/pii-cipher.js';
import { openDatabase, type DbHandle } from './db/database.js';
import { createRepositories } from './db/repositories.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger, type Logger } from './log/logger.js';
import { createMailer } from './mail/create-mailer.js';
import { createPlatformClients, type PlatformClientOptions } from './platforms/platform-clients.js';
import type { ReportContext } from './reports/report-dispatch.js';
import { createRunReporter } from './reports/run-reporter.js';
import type { ProgressReporter, SyncDeps } from './sync/ports.js';

/** The composition root: every adapter is built here and handed to the code that uses it. */
export interface App {
  handle: DbHandle;
  log: Logger;
  /** Registers something to close with the app (HTTP agents, queues), closed before the database. */
  onClose(fn: () => void | Promise<void>): void;
  close(): Promise<void>;
}

export async function openApp(cfg: Readonly<BaseConfig>, opts: { logger?: Logger } = {}): Promise<App> {
  const log = opts.logger ?? createLogger(cfg.log);
  const handle = await openDatabase(cfg.database);
  try {
    const applied = await migrateToLatest(handle.db, handle.address);
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.migrationName) }, 'database migrated');
  } catch (e) {
    await handle.close();
    throw e;
  }
  const closers: (() => void | Promise<void>)[] = [];
  return {
    handle,
    log,
    onClose: (fn) => closers.push(fn),
    close: async () => {
      for (const fn of closers.reverse()) await fn();
      await handle.close();
    },
  };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a long-running process observes of the runs it works (its metrics). */
export interface SyncObservers extends PlatformClientOptions {
  onPushed?: SyncDeps['onPushed'];
  onDelivery?: ReportContext['onDelivery'];
}

export async function buildSyncDeps(cfg: Readonly<SyncConfig>, app: App, progress?: ProgressReporter, observers: SyncObservers = {}): Promise<SyncDeps> {
  const { onPushed, onDelivery, ...platformOptions } = observers;
  const clients = await createPlatformClients(cfg, app.log, platformOptions);
  app.onClose(() => clients.close());
  return {
    db: app.handle.db,
    dialect: app.handle.kind,
    teachers: clients.teachers,
    registry: clients.registry,
    schools: clients.schools,
    accounts: clients.accounts,
    cipher: createPiiCipher(cfg.piiKey),
    log: app.log,
    clock: Date.now,
    policy: cfg.policy,
    host: hostname(),
    pid: process.pid,
    isProcessAlive,
    ...(progress ? { progress } : {}),
    areaCodes: requireProvinceDivisions(cfg.policy.province.code),
    reporter: createRunReporter({ ...buildReportContext(cfg, app), ...(onDelivery ? { onDelivery } : {}) }),
    ...(onPushed ? { onPushed } : {}),
    databaseAddress: app.handle.address,
  };
}

/** The mailer (SMTP or files), recipients and routing data that reports need; the mailer closes with the app. */
export function buildReportContext(cfg: Readonly<BaseConfig>, app: App): ReportContext {
  const mailer = createMailer(cfg.reports, cfg.policy.mail, app.log);
  app.onClose(() => mailer.close());
  return {
    repos: createRepositories(app.handle.db, app.handle.kind),
    mailer,
    bureaus: cfg.reports.bureaus,
    history: requireProvinceDivisions(cfg.policy.province.code),
    log: app.log,
    clock: Date.now,
    htmlRowLimit: cfg.policy.findings.htmlRowLimit,
    consoleUrl: cfg.policy.console.publicUrl,
  };
}
