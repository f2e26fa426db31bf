import type { AuditLogRepository } from '../repositories/audit-log.repository.js';

/** What the sync may ask of the stored audit log records. */
export type AuditLogStore = AuditLogRepository;
