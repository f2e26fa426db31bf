import type { AuditEntry } from '../../core/audit-entry.js';

export type { AuditAction, AuditEntry, AuditSource, PlacementState } from '../../core/audit-entry.js';

/** An audit entry as stored, with its place in the trail. */
export interface AuditRecord extends AuditEntry {
  id: number;
}

/** The audit trail: written once, never changed. */
export interface AuditLogStore {
  append(entries: readonly AuditEntry[]): Promise<void>;
  /** The id of the newest entry; 0 when there is none. */
  lastId(): Promise<number>;
  /** Teachers named by entries after `afterId`, up to `upTo`. */
  teachersBetween(afterId: number, upTo: number): Promise<string[]>;
  /** The latest entries (of one teacher when given), oldest first. */
  latest(filter: { teacherId?: string; limit: number }): Promise<AuditRecord[]>;
}
