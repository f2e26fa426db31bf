/**
 * Characters a report cannot show as they are: control characters other than tab and line breaks
 * and the non-characters U+FFFE/U+FFFF (XML 1.0 forbids them, so a workbook holding one does not
 * open, and a spreadsheet program drops them silently), C1 controls, unpaired surrogates, and
 * bidirectional embeddings, overrides and isolates (they make a cell show other text than it
 * holds). Each becomes U+FFFD, so that the reader sees something was there.
 */
const UNSHOWABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as a report shows it: what cannot be shown is replaced by U+FFFD. */
export function showableText(text: string): string {
  return text.replace(UNSHOWABLE, '\uFFFD');
}

/**
 * Text a spreadsheet would take for a formula (=, +, -, @, their full-width forms, after any
 * leading white space; or a leading tab, carriage return or line feed): entered names come from
 * thousands of schools, so none may run as a formula when a clerk opens the file. Such text gets a
 * leading apostrophe, which shows it as text (OWASP CSV injection).
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

/** Showable, and never a formula. Unshowable characters go first, so none can hide a leading "=". */
export function neutraliseCell(text: string): string {
  const shown = showableText(text);
  return FORMULA_START.test(shown) ? `'${shown}` : shown;
}

/** One CSV field (RFC 4180): neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV file Excel opens as UTF-8 (BOM) with Windows line ends, as clerks' machines expect. */
export function csvFile(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
