import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from 'node:crypto';
import { CodedError } from '../core/errors.js';

/**
 * Personal data at rest: ID numbers and mobiles are stored encrypted (AES-256-GCM) with an HMAC
 * beside them for look-ups and change detection. Both keys are derived from PII_KEY with HKDF, so
 * one secret serves both and neither key is usable for the other purpose.
 */
export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Keyed hash (hex), stable for the same key: used to find a person without decrypting. */
  mac(value: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PiiDecryptError extends CodedError<'PII_DECRYPT_FAILED'> {
  constructor(cause?: unknown) {
    super('PII_DECRYPT_FAILED', 'stored personal data could not be decrypted: is PII_KEY the key it was written with?', { cause });
    this.name = 'PiiDecryptError';
  }
}

function derive(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('teacher-sync'), info, 32));
}

/** Random IVs drawn from the CSPRNG in blocks: one system call per 4096 encryptions, not per value. */
function ivSource(): () => Buffer {
  const pool = Buffer.alloc(IV_BYTES * 4096);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const iv = Buffer.from(pool.subarray(offset, offset + IV_BYTES));
    offset += IV_BYTES;
    return iv;
  };
}

export function createPiiCipher(secret: string): PiiCipher {
  const encKey = derive(secret, 'pii-encryption');
  const macKey = derive(secret, 'pii-lookup');
  const nextIv = ivSource();
  return {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
    },
    decrypt(stored) {
      const [version, payload] = stored.split(':', 2);
      if (version !== VERSION || payload === undefined) throw new PiiDecryptError();
      try {
        const raw = Buffer.from(payload, 'base64');
        const iv = raw.subarray(0, IV_BYTES);
        const tag = raw.subarray(raw.length - TAG_BYTES);
        const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (e) {
        throw new PiiDecryptError(e);
      }
    },
    mac(value) {
      return createHmac('sha256', macKey).update(value, 'utf8').digest('hex');
    },
  };
}
