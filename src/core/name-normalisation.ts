/**
 * Characters between which Chinese writing has no spaces: Han ideographs and the interpuncts that
 * join the parts of transliterated names (买买提·艾力). A space typed there ("张 三") is noise.
 */
const CLOSE_SET = String.raw`\p{Script=Han}\u00B7\u2027\u30FB`;
const GAP_IN_CHINESE = new RegExp(`(?<=[${CLOSE_SET}]) (?=[${CLOSE_SET}])`, 'gu');

// Zero-width characters and the BOM count as formatting noise, not as a space.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/gu;
// Control characters that are not white space (tabs and line breaks become spaces first).
const CONTROL = /\p{Cc}/gu;

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
    .trim()
    .replace(/ {2,}/g, ' ')
    .replace(GAP_IN_CHINESE, '');
  return tidy === '' ? null : tidy;
}
