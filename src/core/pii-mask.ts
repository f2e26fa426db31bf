/**
 * Masks for logs, reports and the database's searchable copy. They keep just enough for a person
 * to recognise their own number (region and last digits) and never enough to use it.
 */
export function maskIdNumber(value: string | null): string {
  if (value === null) return '';
  const chars = [...value];
  if (chars.length === 18) return `${chars.slice(0, 6).join('')}${'*'.repeat(8)}${chars.slice(14).join('')}`;
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

export function maskMobile(value: string | null): string {
  if (value === null) return '';
  if (/^[0-9]{11}$/.test(value)) return `${value.slice(0, 3)}****${value.slice(7)}`;
  const chars = [...value];
  // Two characters or fewer would be shown whole; hide them instead.
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return `${'*'.repeat(chars.length - 2)}${chars.slice(-2).join('')}`;
}

/** A name as an operator's screen shows it: the first character (a surname, mostly) and a star for each other. */
export function maskPersonName(value: string | null): string {
  if (value === null) return '';
  const chars = [...value];
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
