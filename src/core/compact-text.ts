/**
 * Characters people paste into codes and numbers without seeing them: all Unicode white space
 * (U+3000 ideographic space included) and every format character (zero-width space and joiners,
 * word joiner, BOM, soft hyphen, bidirectional marks and overrides, and the old Mongolian vowel
 * separator that some input methods still emit).
 */
const INVISIBLE = /[\s\p{Cf}\u180E]/gu;

/**
 * Folds a code-like value typed by hand to plain ASCII without gaps. NFKC turns full-width digits
 * and letters (common with Chinese input methods) into ASCII. Null when nothing is left.
 */
export function compactText(raw: string | null): string | null {
  if (raw === null) return null;
  const out = raw.normalize('NFKC').replace(INVISIBLE, '');
  return out === '' ? null : out;
}

/** Length in characters (code points), as a database column and a reader count it. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * At most `max` characters of a value kept only to be shown; a longer one is cut and ends in "…",
 * so that nobody takes it for the whole value.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
