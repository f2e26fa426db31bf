import { compactText } from './compact-text.js';
import { checkPermitNumber } from './permit-numbers.js';
import { checkResidentId } from './resident-id.js';
import type { IdType, Problem } from './types.js';

export { residentIdCheckChar } from './resident-id.js';
export { maskIdNumber, maskMobile } from './pii-mask.js';

export type IdNumberCheck =
  | { ok: true; value: string }
  | { ok: false; problem: Problem; cleaned: string | null };

/** Full-width digits, spaces and a lower-case x are how numbers arrive; none of them is an error. */
export function cleanIdNumber(raw: string | null): string | null {
  return compactText(raw)?.toUpperCase() ?? null;
}

export function checkIdNumber(idType: IdType, raw: string | null): IdNumberCheck {
  const cleaned = cleanIdNumber(raw);
  if (cleaned === null) {
    return { ok: false, problem: { code: 'ID_NUMBER_MISSING', detail: 'ID number is empty' }, cleaned };
  }
  const verdict = idType === 'resident_id' ? checkResidentId(cleaned) : checkPermitNumber(idType, cleaned);
  if ('value' in verdict) return { ok: true, value: verdict.value };
  return { ok: false, problem: { code: 'ID_NUMBER_INVALID', detail: verdict.detail }, cleaned };
}
