import type { AuditEntry } from '../../core/audit-entry.js';

export type { AuditAction, AuditEntry, AuditSource, PlacementState } from '../../core/audit-entry.js';

/** An audit entry as stored, with its place in the trail. */
export interface AuditRecord extends AuditEntry {
  id: number;
}

/** What an operator narrows the log to; every field given must hold. */
export interface AuditFilter {
  teacherId?: string;
  /** Entries whose before or after names this school, as the account's place or the assignment's. */
  schoolId?: string;
  actor?: string;
  /** From this instant (inclusive) to that one (exclusive). */
  fromMs?: number;
  toMs?: number;
  /** Entries older than this id: the next page of a long list. */
  beforeId?: number;
  limit: number;
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
  /** Entries that match every field of the filter, newest first. */
  search(filter: AuditFilter): Promise<AuditRecord[]>;
}
