import { isRealDate } from './calendar.js';

/** GB 11643-1999 weights for the first 17 characters of a 居民身份证 (resident ID) number. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Birth years a living teacher can have, without reading the clock (the core is pure). The
 * standard itself can encode 18xx; such a date on a teacher is a typing error.
 */
export const BIRTH_YEAR_MIN = 1900;
export const BIRTH_YEAR_MAX = 2099;

export type RuleVerdict = { value: string } | { detail: string };

export function residentIdCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error('residentIdCheckChar needs exactly 17 ASCII digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Checks the 18-character layout shared by resident IDs and the residence permits for Hong Kong,
 * Macao, Taiwan and foreign residents. Details name the fault, never the number.
 */
export function checkCheckCharLayout(value: string): string | null {
  if (value.length !== 18) return `length ${value.length}, expected 18`;
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return 'contains characters other than digits and a final X';
  const expected = residentIdCheckChar(value.slice(0, 17));
  return value[17] === expected ? null : `check character should be ${expected}`;
}

function birthDateOk(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  if (year < BIRTH_YEAR_MIN || year > BIRTH_YEAR_MAX) return false;
  return isRealDate(year, Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8)));
}

/** `cleaned` is already NFKC-folded, gap-free and upper-case. 15-digit numbers (issued before 1999) are upgraded to 18. */
export function checkResidentId(cleaned: string): RuleVerdict {
  if (cleaned.length === 15) {
    if (!/^[0-9]{15}$/.test(cleaned)) return { detail: 'contains non-digits' };
    // Old numbers carry a two-digit year; all of them were issued to people born in the 1900s.
    const first17 = `${cleaned.slice(0, 6)}19${cleaned.slice(6)}`;
    if (!birthDateOk(first17.slice(6, 14))) return { detail: 'bad birth date' };
    return { value: first17 + residentIdCheckChar(first17) };
  }
  if (cleaned.length !== 18) return { detail: `length ${cleaned.length}, expected 18 or 15` };
  if (!/^[0-9]{17}[0-9X]$/.test(cleaned)) return { detail: 'contains characters other than digits and a final X' };
  if (!birthDateOk(cleaned.slice(6, 14))) return { detail: 'bad birth date' };
  const fault = checkCheckCharLayout(cleaned);
  return fault === null ? { value: cleaned } : { detail: fault };
}
