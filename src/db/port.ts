/**
 * The storage port: what the sync and the other callers ask of the database, in domain types.
 * Types only: src/sync imports this and nothing else from src/db.
 */
import type { AccountLinkStore } from './ports/account-link.port.js';
import type { AuditLogStore } from './ports/audit-log.port.js';
import type { ConsoleFindingsStore } from './ports/console-findings.port.js';
import type { EnteredSchoolStore } from './ports/entered-school.port.js';
import type { FindingStore } from './ports/finding.port.js';
import type { ManualAssignmentStore } from './ports/manual-assignment.port.js';
import type { PersonProblemStore } from './ports/person-problem.port.js';
import type { PlanHoldStore } from './ports/plan-hold.port.js';
import type { PlanItemStore } from './ports/plan-item.port.js';
import type { RegistryStore } from './ports/registry.port.js';
import type { ReportDeliveryStore } from './ports/report-delivery.port.js';
import type { SchoolStore } from './ports/school.port.js';
import type { SyncCursorStore } from './ports/sync-cursor.port.js';
import type { SyncLockStore } from './ports/sync-lock.port.js';
import type { SyncProblemStore } from './ports/sync-problem.port.js';
import type { SyncRunStore } from './ports/sync-run.port.js';
import type { TableStatisticsStore } from './ports/table-statistics.port.js';
import type { TeacherStore } from './ports/teacher.port.js';

/** Every store, over the database or over one transaction. */
export interface Repositories {
  registry: RegistryStore;
  schools: SchoolStore;
  teachers: TeacherStore;
  links: AccountLinkStore;
  runs: SyncRunStore;
  problems: SyncProblemStore;
  plan: PlanItemStore;
  cursors: SyncCursorStore;
  locks: SyncLockStore;
  enteredSchools: EnteredSchoolStore;
  findings: FindingStore;
  personProblems: PersonProblemStore;
  deliveries: ReportDeliveryStore;
  assignments: ManualAssignmentStore;
  audit: AuditLogStore;
  holds: PlanHoldStore;
  /** The web console's trend counts. */
  consoleFindings: ConsoleFindingsStore;
  /** The database's statistics of the tables, refreshed after a bulk write. */
  statistics: TableStatisticsStore;
}

/** The database as the application sees it: built once at the composition root. */
export interface Storage {
  readonly repos: Repositories;
  /** Runs `fn` in one transaction: everything it writes lands together or not at all. */
  unitOfWork<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Where the database is (`host:port` or the file), to name it when it stops answering. */
  readonly address: string;
  /** Whether an error means the database could not be reached (as opposed to a refused statement). */
  isUnavailable(e: unknown): boolean;
}
