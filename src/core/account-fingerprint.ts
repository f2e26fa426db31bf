import type { DesiredAccount } from './types.js';

/**
 * Canonical text of what is pushed for an account. The object is rebuilt with its keys in a fixed
 * order (JSON.stringify keeps insertion order) so equal accounts give equal text whichever code
 * built them, and fields added to DesiredAccount later do not change existing fingerprints.
 */
export function accountFingerprint(a: DesiredAccount): string {
  return JSON.stringify({
    name: a.name,
    idType: a.idType,
    idNumber: a.idNumber,
    gender: a.gender ?? null,
    mobile: a.mobile ?? null,
    email: a.email ?? null,
    schoolId: a.schoolId,
    status: a.status,
  });
}
