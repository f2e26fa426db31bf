import type { App } from '../app.js';
import { requireProvinceDivisions } from '../areacodes/area-code-history.js';
import type { BaseConfig, ConsoleConfig, Policy } from '../config/config.js';
import type { ProvinceDivisions } from '../core/county-routing.js';
import { createPiiCipher, type PiiCipher } from '../crypto/pii-cipher.js';
import type { Db } from '../db/database.js';
import { createRepositories, type Repositories } from '../db/repositories.js';
import { ConsoleFindingsRepository } from '../db/repositories/console-findings.repository.js';
import type { Dialect } from '../db/upsert.js';
import type { Logger } from '../log/logger.js';
import type { Queues } from '../queue/queues.js';

/** What the console's routes are given: the same adapters the CLI commands use, built once. */
export interface ConsoleDeps {
  console: ConsoleConfig;
  policy: Policy;
  db: Db;
  dialect: Dialect;
  repos: Repositories;
  /** The console's own read-only counts (trends). */
  consoleFindings: ConsoleFindingsRepository;
  /** The configured province's divisions and their history (routing, names, access). */
  divisions: ProvinceDivisions;
  log: Logger;
  clock: () => number;
  /** The job queues, when REDIS_URL is set; the overview shows them. */
  queues: Queues | null;
  /** The runs' key, when PII_KEY is set: the teacher page compares a record with what was pushed. */
  cipher: PiiCipher | null;
}

/** The console's dependencies over an opened app (database, log), as `serve` and the tests build them. */
export function consoleDeps(cfg: Readonly<BaseConfig & { console: ConsoleConfig }>, app: App, queues: Queues | null = null): ConsoleDeps {
  return {
    console: cfg.console,
    policy: cfg.policy,
    db: app.handle.db,
    dialect: app.handle.kind,
    repos: createRepositories(app.handle.db, app.handle.kind),
    consoleFindings: new ConsoleFindingsRepository(app.handle.db),
    divisions: requireProvinceDivisions(cfg.policy.province.code),
    log: app.log,
    clock: Date.now,
    queues,
    cipher: cfg.piiKey === null ? null : createPiiCipher(cfg.piiKey),
  };
}
