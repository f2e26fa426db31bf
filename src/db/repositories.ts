import type { Db } from './database.js';
import type { Repositories } from './port.js';
import type { Dialect } from './upsert.js';
import { AccountLinkRepository } from './repositories/account-link.repository.js';
import { ConsoleFindingsRepository } from './repositories/console-findings.repository.js';
import { AuditLogRepository } from './repositories/audit-log.repository.js';
import { EnteredSchoolRepository } from './repositories/entered-school.repository.js';
import { FindingRepository } from './repositories/finding.repository.js';
import { ManualAssignmentRepository } from './repositories/manual-assignment.repository.js';
import { PersonProblemRepository } from './repositories/person-problem.repository.js';
import { PlanHoldRepository } from './repositories/plan-hold.repository.js';
import { PlanItemRepository } from './repositories/plan-item.repository.js';
import { RegistryRepository } from './repositories/registry.repository.js';
import { ReportDeliveryRepository } from './repositories/report-delivery.repository.js';
import { SchoolRepository } from './repositories/school.repository.js';
import { SyncCursorRepository } from './repositories/sync-cursor.repository.js';
import { SyncLockRepository } from './repositories/sync-lock.repository.js';
import { SyncProblemRepository } from './repositories/sync-problem.repository.js';
import { SyncRunRepository } from './repositories/sync-run.repository.js';
import { TableStatisticsRepository } from './repositories/table-statistics.repository.js';
import { TeacherRepository } from './repositories/teacher.repository.js';

export type { Repositories } from './port.js';

/** Every repository over one database or transaction. */
export function createRepositories(db: Db, dialect: Dialect): Repositories {
  return {
    registry: new RegistryRepository(db, dialect),
    schools: new SchoolRepository(db, dialect),
    teachers: new TeacherRepository(db, dialect),
    links: new AccountLinkRepository(db, dialect),
    runs: new SyncRunRepository(db),
    problems: new SyncProblemRepository(db),
    plan: new PlanItemRepository(db),
    cursors: new SyncCursorRepository(db, dialect),
    locks: new SyncLockRepository(db),
    enteredSchools: new EnteredSchoolRepository(db, dialect),
    findings: new FindingRepository(db),
    personProblems: new PersonProblemRepository(db),
    deliveries: new ReportDeliveryRepository(db),
    assignments: new ManualAssignmentRepository(db),
    audit: new AuditLogRepository(db),
    holds: new PlanHoldRepository(db, dialect),
    consoleFindings: new ConsoleFindingsRepository(db),
    statistics: new TableStatisticsRepository(db, dialect),
  };
}
