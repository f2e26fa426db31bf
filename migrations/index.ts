import type { Migration } from 'kysely';
import * as m0001 from './0001-registry-institution.js';
import * as m0002 from './0002-target-school.js';
import * as m0003 from './0003-target-school-code-index.js';
import * as m0004 from './0004-teacher.js';
import * as m0005 from './0005-teacher-group-index.js';
import * as m0006 from './0006-teacher-seen-index.js';
import * as m0007 from './0007-account-link.js';
import * as m0008 from './0008-account-link-identity-index.js';
import * as m0009 from './0009-account-link-teacher-index.js';
import * as m0010 from './0010-sync-run.js';
import * as m0011 from './0011-sync-problem.js';
import * as m0012 from './0012-sync-problem-run-index.js';
import * as m0013 from './0013-plan-item.js';
import * as m0014 from './0014-sync-cursor.js';
import * as m0015 from './0015-sync-lock.js';
import * as m0016 from './0016-finding.js';
import * as m0017 from './0017-report-delivery.js';
import * as m0018 from './0018-report-delivery-county-index.js';
import * as m0019 from './0019-teacher-quarantine-index.js';
import * as m0020 from './0020-manual-assignment.js';
import * as m0021 from './0021-audit-log.js';
import * as m0022 from './0022-audit-log-teacher-index.js';
import * as m0023 from './0023-platform-seen.js';
import * as m0024 from './0024-sync-run-reconcile.js';
import * as m0025 from './0025-drop-teacher-seen-index.js';
import * as m0026 from './0026-sync-run-plan.js';
import * as m0027 from './0027-plan-hold.js';
import * as m0028 from './0028-teacher-code-index.js';
import * as m0029 from './0029-account-link-school-index.js';
import * as m0030 from './0030-plan-item-teacher-index.js';
import * as m0031 from './0031-sync-problem-teacher-index.js';
import * as m0032 from './0032-finding-county-index.js';
import * as m0033 from './0033-teacher-seq.js';
import * as m0034 from './0034-teacher-entered-school-index.js';
import * as m0035 from './0035-school-listed-mark.js';

/**
 * Every migration, in order. Listed statically (not read from the folder) so that the same list
 * works from source and from the compiled build. Released migrations are frozen: add, never edit.
 */
export const migrations: Record<string, Migration> = {
  '0001-registry-institution': m0001,
  '0002-target-school': m0002,
  '0003-target-school-code-index': m0003,
  '0004-teacher': m0004,
  '0005-teacher-group-index': m0005,
  '0006-teacher-seen-index': m0006,
  '0007-account-link': m0007,
  '0008-account-link-identity-index': m0008,
  '0009-account-link-teacher-index': m0009,
  '0010-sync-run': m0010,
  '0011-sync-problem': m0011,
  '0012-sync-problem-run-index': m0012,
  '0013-plan-item': m0013,
  '0014-sync-cursor': m0014,
  '0015-sync-lock': m0015,
  '0016-finding': m0016,
  '0017-report-delivery': m0017,
  '0018-report-delivery-county-index': m0018,
  '0019-teacher-quarantine-index': m0019,
  '0020-manual-assignment': m0020,
  '0021-audit-log': m0021,
  '0022-audit-log-teacher-index': m0022,
  '0023-platform-seen': m0023,
  '0024-sync-run-reconcile': m0024,
  '0025-drop-teacher-seen-index': m0025,
  '0026-sync-run-plan': m0026,
  '0027-plan-hold': m0027,
  '0028-teacher-code-index': m0028,
  '0029-account-link-school-index': m0029,
  '0030-plan-item-teacher-index': m0030,
  '0031-sync-problem-teacher-index': m0031,
  '0032-finding-county-index': m0032,
  '0033-teacher-seq': m0033,
  '0034-teacher-entered-school-index': m0034,
  '0035-school-listed-mark': m0035,
};
