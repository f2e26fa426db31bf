import type { PiiCipher } from './pii-cipher.js';

/** The personal fields of one teacher record, stored sealed together. */
export interface PiiFields {
  idNumber: string | null;
  mobile: string | null;
  email: string | null;
}

/** One encryption per record rather than one per field: a full pull seals every record once. */
export function sealPii(cipher: PiiCipher, f: PiiFields): string | null {
  if (f.idNumber === null && f.mobile === null && f.email === null) return null;
  return cipher.encrypt(JSON.stringify([f.idNumber, f.mobile, f.email]));
}

export function openPii(cipher: PiiCipher, sealed: string | null): PiiFields {
  if (sealed === null) return { idNumber: null, mobile: null, email: null };
  const [idNumber, mobile, email] = JSON.parse(cipher.decrypt(sealed)) as [string | null, string | null, string | null];
  return { idNumber, mobile, email };
}
