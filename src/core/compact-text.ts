/**
 * Characters people paste into codes and numbers without seeing them: all Unicode white space
 * (U+3000 ideographic space included), zero-width space/joiners, word joiner, BOM and the old
 * Mongolian vowel separator that some input methods still emit.
 */
const INVISIBLE = /[\s\u180E\u200B-\u200D\u2060\uFEFF]/gu;

/**
 * Folds a code-like value typed by hand to plain ASCII without gaps. NFKC turns full-width digits
 * and letters (common with Chinese input methods) into ASCII. Null when nothing is left.
 */
export function compactText(raw: string | null): string | null {
  if (raw === null) return null;
  const out = raw.normalize('NFKC').replace(INVISIBLE, '');
  return out === '' ? null : out;
}
