import type { IdType } from './types.js';

/** One account per person on the student-record platform: idType + idNumber is the person. */
export function identityKey(idType: IdType, idNumber: string): string {
  return `${idType}:${idNumber}`;
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
