import { compactText, charCount, cutText } from './compact-text.js';
import type { Problem } from './types.js';

/**
 * School categories (first two digits of the 学校标识码, institution code) that can employ
 * teachers: 11 kindergarten, 21 primary, 31 junior secondary, 34 senior/complete secondary,
 * 36 secondary vocational, 51 special education, and their neighbouring categories. These are
 * school categories, the same in every province (the province is digits 3-4).
 */
// province-scan: school categories, not provinces
export const DEFAULT_INSTITUTION_CATEGORIES = ['11', '12', '21', '22', '31', '32', '33', '34', '35', '36', '41', '51'] as const;

/**
 * A malformed code is kept (cleaned) to be shown in reports, but one longer than this is no code
 * at all (a pasted paragraph): it is kept cut, with its length in the problem.
 */
export const CODE_KEEP_CHARS = 30;

export type InstitutionCodeCheck =
  | { ok: true; code: string }
  | { ok: false; problem: Problem; cleaned: string | null };

/** Schools type the code by hand: full-width digits and stray spaces are the common noise. */
export function normaliseInstitutionCode(raw: string | null): string | null {
  return compactText(raw);
}

export function checkInstitutionCode(
  raw: string | null,
  categories: readonly string[] = DEFAULT_INSTITUTION_CATEGORIES,
): InstitutionCodeCheck {
  const full = normaliseInstitutionCode(raw);
  const cleaned = full === null ? null : cutText(full, CODE_KEEP_CHARS);
  if (full === null) {
    return { ok: false, problem: { code: 'CODE_MISSING', detail: 'institution code is empty' }, cleaned };
  }
  const malformed = (detail: string): InstitutionCodeCheck => ({
    ok: false,
    problem: { code: 'CODE_MALFORMED', detail },
    cleaned,
  });
  if (cleaned !== full) return malformed(`institution code is ${charCount(full)} characters long, expected 10 digits`);
  if (!/^[0-9]+$/.test(full)) return malformed('institution code contains non-digits');
  if (full.length !== 10) return malformed(`institution code has ${full.length} digits, expected 10`);
  const prefix = full.slice(0, 2);
  if (!categories.includes(prefix)) return malformed(`institution code starts with unknown school category ${prefix}`);
  return { ok: true, code: full };
}

/** The province sits in digits 3-4; the county is not in the code at all. */
export function institutionProvince(code: string): string {
  return code.slice(2, 4);
}
