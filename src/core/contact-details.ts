import { compactText } from './compact-text.js';

// After NFKC every dash a keyboard produces is one of these.
const SEPARATORS = /[-\u2010-\u2015\u2212]/g;

/**
 * Mobile numbers are kept, not judged: a missing or odd one does not stop an account. Only the
 * China country code is stripped, so the same phone compares equal however it was typed.
 */
export function normaliseMobile(raw: string | null): string | null {
  const compact = compactText(raw)?.replace(SEPARATORS, '') ?? '';
  if (compact === '') return null;
  const national = /^(?:\+|00)?86([0-9]{11})$/.exec(compact);
  return national ? national[1]! : compact;
}

export function normaliseEmail(raw: string | null): string | null {
  const email = raw?.trim().toLowerCase() ?? '';
  return email === '' ? null : email;
}

/** 6-digit administrative division code (行政区划代码) of the county, or null. */
export function normaliseCountyCode(raw: string | null): string | null {
  const code = compactText(raw);
  return code !== null && /^[0-9]{6}$/.test(code) ? code : null;
}
