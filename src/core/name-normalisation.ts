/**
 * Characters between which Chinese writing has no spaces: Han ideographs and the interpuncts that
 * join the parts of transliterated names (买买提·艾力). A space typed there ("张 三") is noise.
 */
const CLOSE_SET = String.raw`\p{Script=Han}\u00B7\u2027\u30FB`;
const GAP_IN_CHINESE = new RegExp(`(?<=[${CLOSE_SET}]) (?=[${CLOSE_SET}])`, 'gu');

// Format characters (zero-width space and joiners, BOM, soft hyphen, bidirectional overrides and
// isolates) are invisible: noise in a name, and a bidi override makes text show other than it reads.
const INVISIBLE = /\p{Cf}/gu;
// Control characters that are not white space (tabs and line breaks become spaces first).
const CONTROL = /\p{Cc}/gu;
// Kangxi radicals and CJK radical supplements look like ideographs but are not used to write
// words; text copied from PDFs carries them. Each folds (NFKC) to the ideograph it looks like.
const RADICAL = /[\u2E80-\u2EFF\u2F00-\u2FDF]/gu;
// Breaks and tabs inside a one-line value.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;

/**
 * Tidies a person's name as typed without changing how it is written: no NFKC, because some
 * people's names use compatibility ideographs that NFKC would replace with a different code point.
 */
export function normalisePersonName(raw: string | null): string | null {
  if (raw === null) return null;
  const tidy = raw
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .replace(CONTROL, '')
    .replace(RADICAL, (c) => c.normalize('NFKC'))
    .trim()
    .replace(/ {2,}/g, ' ')
    .replace(GAP_IN_CHINESE, '');
  return tidy === '' ? null : tidy;
}

/**
 * Tidies a school name as typed into one line: invisible and control characters go, line breaks
 * and tabs become one space, the ends are trimmed. Spaces inside are kept as entered: the name
 * comparison judges them.
 */
export function tidySchoolName(raw: string | null): string | null {
  if (raw === null) return null;
  const tidy = raw.replace(INVISIBLE, '').replace(LINE_BREAKS, ' ').replace(CONTROL, '').trim();
  return tidy === '' ? null : tidy;
}

/**
 * Folds the writing of a text to one form, character by character, where two writings mean the
 * same: traditional and variant Han characters to simplified (學 → 学). Passed in by the adapter
 * that owns the character tables; the identity where none is given.
 */
export type TextFold = (text: string) => string;

export const KEEP_TEXT: TextFold = (text) => text;

const SCHOOL_NAME_INVISIBLE = /[\s\u180E\u200B-\u200D\u2060\uFEFF]/gu;
const OPEN = '([{（【〔〖「『<《';
const CLOSE = ')]}）】〕〗」』>》';
const BRACKETED = new RegExp(`[${escapeClass(OPEN)}][^${escapeClass(OPEN + CLOSE)}]*[${escapeClass(CLOSE)}]`, 'gu');
const UNCLOSED = new RegExp(`[${escapeClass(OPEN)}].*$`, 'u');
const PUNCTUATION = /[\p{P}\p{S}]/gu;

function escapeClass(chars: string): string {
  return chars.replace(/[\]\\^-]/g, '\\$&');
}

/**
 * A school name as the name comparison reads it: width (NFKC), traditional and variant characters
 * (`fold`), spaces, bracketed notes (campus, former name) and punctuation are gone; none of them
 * names another school. What is left is compared, never shown.
 */
export function schoolNameText(raw: string, fold: TextFold): string {
  let s = fold(raw.normalize('NFKC')).replace(SCHOOL_NAME_INVISIBLE, '');
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(BRACKETED, '');
  }
  return s.replace(UNCLOSED, '').replace(PUNCTUATION, '');
}
