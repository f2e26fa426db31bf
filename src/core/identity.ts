import type { IdType } from './types.js';

/** One account per person on the student-record platform: idType + idNumber is the person. */
export function identityKey(idType: IdType, idNumber: string): string {
  return `${idType}:${idNumber}`;
}

/** Marks the key of a record that carries no usable identity: it stands for itself alone. */
const QUARANTINE_PREFIX = 'q:';

/**
 * The key a record is grouped under: its keyed identity (see identityKey), shared by every record
 * of the same person; a record without a usable identity is a person of its own.
 */
export function personKey(identityMac: string | null, teacherId: string): string {
  return identityMac ?? `${QUARANTINE_PREFIX}${teacherId}`;
}

/** Whether a person key is an identity (one account per person), not a record standing alone. */
export function isIdentityKey(key: string): boolean {
  return !key.startsWith(QUARANTINE_PREFIX);
}

interface Candidate {
  teacherId: string;
  updatedAtMs: number;
}

/** Later update first; equal times fall back to teacherId so the order of the input never matters. */
function byPreference(a: Candidate, b: Candidate): number {
  if (a.updatedAtMs !== b.updatedAtMs) return b.updatedAtMs - a.updatedAtMs;
  if (a.teacherId === b.teacherId) return 0;
  return a.teacherId < b.teacherId ? -1 : 1;
}

/**
 * Chooses which of several source records for the same person feeds the account. Duplicates come
 * back in the same preference order.
 */
export function pickWinner<T extends Candidate>(records: readonly T[]): { winner: T; duplicates: T[] } {
  const [winner, ...duplicates] = [...records].sort(byPreference);
  if (winner === undefined) throw new Error('pickWinner needs at least one record');
  return { winner, duplicates };
}
