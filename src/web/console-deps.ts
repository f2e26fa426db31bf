import type { App } from '../app.js';
import type { ReassignmentService } from '../assignments/reassignment.service.js';
import type { BaseConfig, ConsoleConfig, Policy } from '../config/config.js';
import type { ProvinceDivisions } from '../core/county-routing.js';
import type { Repositories, Storage } from '../db/port.js';
import type { Logger } from '../log/logger.js';
import type { Queues } from '../queue/queues.js';

/** What the console's routes are given: the same adapters and services the CLI commands use, built once. */
export interface ConsoleDeps {
  console: ConsoleConfig;
  policy: Policy;
  storage: Storage;
  repos: Repositories;
  /** The console's own read-only counts (trends). */
  consoleFindings: Repositories['consoleFindings'];
  /** Manual assignments: the same checks, records and audit entries as `teacher-sync reassign`. */
  reassignment: ReassignmentService;
  /** Answers when the database does. */
  pingDatabase(): Promise<void>;
  /** The configured province's divisions and their history (routing, names, access). */
  divisions: ProvinceDivisions;
  log: Logger;
  clock: () => number;
  /** The job queues, when REDIS_URL is set; the overview shows them. */
  queues: Queues | null;
  /** A teacher's steps through a run, when PII_KEY is set: the teacher page compares a record with what was pushed. */
  explainTeacher: App['explainTeacher'];
}

/** The console's dependencies over an opened app, as `serve` and the tests build them. */
export function consoleDeps(cfg: Readonly<BaseConfig & { console: ConsoleConfig }>, app: App, queues: Queues | null = null): ConsoleDeps {
  return {
    console: cfg.console,
    policy: cfg.policy,
    storage: app.storage,
    repos: app.storage.repos,
    consoleFindings: app.storage.repos.consoleFindings,
    reassignment: app.reassignment,
    pingDatabase: () => app.pingDatabase(),
    divisions: app.divisions,
    log: app.log,
    clock: Date.now,
    queues,
    explainTeacher: app.explainTeacher,
  };
}
