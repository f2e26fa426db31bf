/**
 * Text a spreadsheet would take for a formula (=, +, -, @, or a leading tab or carriage return):
 * entered names come from thousands of schools, so none may run as a formula when a clerk opens
 * the file. Such text gets a leading apostrophe, which shows it as text (OWASP CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
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
