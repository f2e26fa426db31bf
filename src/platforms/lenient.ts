import { z } from 'zod';

/**
 * A text field as sent, untrimmed. A number is taken as its decimal text, but only when it is a
 * safe integer or a plain decimal: an 18-digit ID number sent as a JSON number has already lost
 * digits in parsing, and a wrong ID number is worse than a missing one.
 */
export function lenientText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return null;
    return String(value);
  }
  return null;
}

/** Any value; whatever is not usable text becomes null. */
export const lenientTextSchema = z.unknown().transform(lenientText).default(null);

/** The standard page envelope, checked strictly; the records inside are checked one by one. */
export const pageEnvelopeSchema = z.object({
  data: z.array(z.unknown()),
  nextCursor: z.string().nullish(),
});

export type PageEnvelope = z.infer<typeof pageEnvelopeSchema>;

/** What kind of JSON value this is, for a rejection reason that does not quote the value. */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
