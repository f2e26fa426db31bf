/**
 * Just enough of GB 11643 (公民身份号码) to generate valid and deliberately invalid numbers, and to let
 * the student-record simulator reject what the real platform would. The product's own rules live in
 * src/core; the simulators keep a private copy so they never depend on the code they are testing.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits of an 18-character resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '?';
}

/** A well-formed 18-character resident ID number with a correct check character and a real date. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return residentIdCheckChar(id) === id[17];
}

/** The 15-digit form issued before 1999 (no century, no check character) of a 19xx-born number. */
export function toOldResidentId(id18: string): string {
  return id18.slice(0, 6) + id18.slice(8, 17);
}
