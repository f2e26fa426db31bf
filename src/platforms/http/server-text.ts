/** Runs of 8 or more digits, ASCII or full-width, with a check character: ID, permit and mobile numbers. */
const LONG_NUMBER = /[0-9\uFF10-\uFF19]{8,}[Xx\uFF38\uFF58]?/g;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Free text from a platform (an error message, a field name) made fit to store, log and report:
 * it may quote what was sent, so the values given (what the call sent) and any long number are
 * cut out, and the length is capped.
 */
export function scrubServerText(text: string, sent: readonly (string | null | undefined)[] = [], maxChars = 500): string {
  let out = text;
  for (const v of sent) if (v && v.trim().length >= 2) out = out.replace(new RegExp(escapeRegExp(v.trim()), 'gi'), '…');
  return out.replace(LONG_NUMBER, '…').slice(0, maxChars);
}

/** A server's error code as the contract shapes it (UPPER_SNAKE), or the fallback. */
export function errorCodeOr(code: string, fallback: string): string {
  return /^[A-Z0-9_]{1,64}$/.test(code) ? code : fallback;
}
