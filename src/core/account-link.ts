/**
 * The accounts the daemon manages: which teacher record and person (identity) an account of the
 * student-record platform follows, and what was last pushed to it.
 */
export interface AccountLink {
  /** The daemon's key of the account on the student-record platform. */
  externalId: string;
  /** The record the account was last pushed from. */
  teacherId: string;
  /** The person (keyed identity) the account belongs to. */
  identityMac: string;
  accountId: string | null;
  username: string | null;
  schoolId: string;
  status: string;
  /** What the account was last pushed as (see desired-hash.ts); empty: push again. */
  pushedHash: string;
  /** Why the account is at its school (a campus rule, `manual`); null when there was no choice. */
  choiceReason: string | null;
  pushedRunId: number;
  pushedAtMs: number;
}
