import { describe, expect, it } from 'vitest';
import { createPiiCipher, PiiDecryptError } from '../../src/crypto/pii-cipher.js';

describe('personal data at rest', () => {
  const cipher = createPiiCipher('unit-test-key-0123456789');

  it('round-trips and never stores the plain value', () => {
    const stored = cipher.encrypt('33010219800101123X');
    expect(stored).not.toContain('33010219800101123X');
    expect(stored.startsWith('v1:')).toBe(true);
    expect(cipher.decrypt(stored)).toBe('33010219800101123X');
  });

  it('encrypts the same value differently each time, but its look-up hash is stable', () => {
    expect(cipher.encrypt('13800000000')).not.toBe(cipher.encrypt('13800000000'));
    expect(cipher.mac('resident_id:33010219800101123X')).toBe(cipher.mac('resident_id:33010219800101123X'));
    expect(cipher.mac('a')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses data written under another key, and tampered data', () => {
    const other = createPiiCipher('another-key-0123456789');
    const stored = cipher.encrypt('13800000000');
    expect(() => other.decrypt(stored)).toThrow(PiiDecryptError);
    expect(other.mac('x')).not.toBe(cipher.mac('x'));
    const tampered = stored.slice(0, -4) + (stored.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => cipher.decrypt(tampered)).toThrow(PiiDecryptError);
    expect(() => cipher.decrypt('garbage')).toThrow(PiiDecryptError);
  });
});
