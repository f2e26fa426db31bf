import type { AccountLink } from '../../core/account-link.js';

export type { AccountLink } from '../../core/account-link.js';

/** The accounts the daemon manages: teacher → platform account, and what was last pushed. */
export interface AccountLinkStore {
  /** Links whose external id lies in (after, upTo]. */
  externalRange(after: string | null, upTo: string): Promise<AccountLink[]>;
  byExternalIds(externalIds: readonly string[]): Promise<AccountLink[]>;
  /** The same, for a page of ids likely close together in key order (one range read when it pays). */
  byExternalIdsClustered(externalIds: readonly string[]): Promise<AccountLink[]>;
  upsert(links: readonly AccountLink[]): Promise<void>;
  byTeacherIds(teacherIds: readonly string[]): Promise<AccountLink[]>;
  /** Links at the given schools. */
  atSchools(schoolIds: readonly string[]): Promise<AccountLink[]>;
  /** Active accounts per school and reason for being there. */
  activeCountsBySchool(): Promise<{ schoolId: string; reason: string | null; n: number }[]>;
  /** The same, for the given schools only (by index). */
  activeCountsAtSchools(schoolIds: readonly string[]): Promise<{ schoolId: string; reason: string | null; n: number }[]>;
  count(): Promise<number>;
  countActive(): Promise<number>;
  /** Links whose identity is one of these. */
  byIdentities(identityMacs: readonly string[]): Promise<AccountLink[]>;
  /** Links with no account of that external id seen on the platform (see markSeen), in key order. */
  notSeen(after: string | null, limit: number): Promise<AccountLink[]>;
  clearSeen(): Promise<void>;
  /** Notes external ids the platform lists now. */
  markSeen(externalIds: readonly string[]): Promise<void>;
  /** Forgets what was pushed under these external ids, so the next plan pushes them again. */
  forgetPushed(externalIds: readonly string[]): Promise<void>;
}
