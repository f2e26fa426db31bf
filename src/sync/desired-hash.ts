import type { PiiCipher } from '../crypto/pii-cipher.js';

/**
 * What an account should hold, in one keyed hash: the teacher's record (its payload MAC), the
 * school and the status. Stored on the link when pushed; a different hash means a push is due.
 */
export function desiredHash(cipher: PiiCipher, payloadMac: string | null, schoolId: string, status: string): string {
  return cipher.mac(`${payloadMac ?? '-'}|${schoolId}|${status}`);
}
