/**
 * Reconciliation: what the student-record platform really holds, set against what the daemon last
 * pushed. People edit the platform too; a person's campus move is a decision to respect, other
 * drift is reported (and pushed back only when the operator asks), and an account the daemon does
 * not know is linked to its teacher or left alone, never disabled.
 */

export type AccountStatus = 'active' | 'disabled';

/** One account as the platform lists it. */
export interface PlatformAccountState {
  externalId: string | null;
  accountId: string;
  schoolId: string | null;
  status: string | null;
}

/** What the daemon last pushed under an external id. */
export interface PushedState {
  schoolId: string;
  status: AccountStatus;
}

export interface SchoolFacts {
  institutionCode: string;
  status: 'active' | 'inactive';
}

export type Reconciled =
  | { kind: 'in-step' }
  /**
   * The platform differs from the last push. `schoolMove` says what to make of a school that
   * differs: `adopt` when a person moved the account between schools that share its institution
   * code (a campus decision), `drift` otherwise; null when the school is the same.
   */
  | { kind: 'drifted'; schoolMove: 'adopt' | 'drift' | null; statusDrift: boolean; sharedCode: string | null }
  /** No link: the identity belongs to a teacher the daemon knows. */
  | { kind: 'unknown-matched' }
  /** No link and no teacher with that identity: reported, never touched. */
  | { kind: 'orphan' };

export function platformStatus(status: string | null): AccountStatus | null {
  return status === 'active' || status === 'disabled' ? status : null;
}

/** Compares one linked account with what was pushed under its external id. */
export function reconcileLinked(account: PlatformAccountState, pushed: PushedState, schoolOf: (schoolId: string) => SchoolFacts | undefined): Reconciled {
  const statusDrift = platformStatus(account.status) !== pushed.status;
  const schoolDiffers = account.schoolId !== pushed.schoolId;
  if (!schoolDiffers && !statusDrift) return { kind: 'in-step' };
  if (!schoolDiffers) return { kind: 'drifted', schoolMove: null, statusDrift, sharedCode: null };
  const from = schoolOf(pushed.schoolId);
  const to = account.schoolId === null ? undefined : schoolOf(account.schoolId);
  const campusMove = from !== undefined && to !== undefined && to.status === 'active' && to.institutionCode === from.institutionCode;
  return { kind: 'drifted', schoolMove: campusMove ? 'adopt' : 'drift', statusDrift, sharedCode: campusMove ? to.institutionCode : null };
}

/** An account with no link: linked when its identity is a teacher's, else an orphan. */
export function reconcileUnknown(matchesTeacher: boolean): Reconciled {
  return matchesTeacher ? { kind: 'unknown-matched' } : { kind: 'orphan' };
}

/**
 * The institution code an adopted campus move is recorded under: the teacher's own when it is the
 * shared code, else the shared code itself (the assignment is then stale at once, as it should be:
 * the teacher's record no longer names that code).
 */
export function adoptedAssignmentCode(teacherCode: string | null, sharedCode: string): string {
  return teacherCode === sharedCode ? teacherCode : sharedCode;
}

/** What one reconciliation found. */
export interface ReconcileCounts {
  /** Accounts the platform listed (in the county asked for, if any). */
  accounts: number;
  inStep: number;
  /** Campus moves made on the platform, adopted as manual assignments. */
  adopted: number;
  /** Other differences from the last push: reported; pushed back only on repair. */
  drifted: number;
  /** Drifted accounts set to be pushed back to what the source says. */
  repairing: number;
  /** Linked accounts the platform no longer lists: pushed again. */
  missing: number;
  /** Accounts the daemon did not know whose identity is a teacher's: linked instead of duplicated. */
  matched: number;
  /** Accounts matching no teacher: reported and left alone. */
  orphans: number;
}

export function zeroReconcileCounts(): ReconcileCounts {
  return { accounts: 0, inStep: 0, adopted: 0, drifted: 0, repairing: 0, missing: 0, matched: 0, orphans: 0 };
}
