import { checkCheckCharLayout, type RuleVerdict } from './resident-id.js';

/**
 * Shapes of the non-resident identity documents. Only the shape is checked: the issuers publish
 * no check-digit rule for the older booklet/card numbers. The 18-character residence permits
 * (居住证, foreign 永久居留身份证 since 2023) follow GB 11643, so their check character is checked.
 */
type ShapeRule = { label: string; shapes: readonly RegExp[]; eighteen: RegExp | null };

const RULES = {
  // 港澳居民来往内地通行证 (H = Hong Kong, M = Macao); 810000/820000 = their residence permits.
  hk_macao_permit: { label: 'Hong Kong/Macao permit', shapes: [/^[HM][0-9]{8}([0-9]{2})?$/], eighteen: /^8[12]0000/ },
  // 台湾居民来往大陆通行证 (8 or 10 digits; older ones start with a letter); 830000 = residence permit.
  taiwan_permit: { label: 'Taiwan permit', shapes: [/^[0-9]{8}([0-9]{2})?$/, /^[A-Z][0-9]{9}$/], eighteen: /^830000/ },
  passport: { label: 'passport', shapes: [/^[A-Z0-9]{5,17}$/], eighteen: null },
  // 外国人永久居留身份证: 3 letters + 12 digits (2004 card) or 18 characters starting with 9 (2023 card).
  foreign_permanent: { label: 'foreign permanent residence', shapes: [/^[A-Z]{3}[0-9]{12}$/], eighteen: /^9/ },
} as const satisfies Record<string, ShapeRule>;

export type PermitType = keyof typeof RULES;

export function checkPermitNumber(idType: PermitType, cleaned: string): RuleVerdict {
  const rule: ShapeRule = RULES[idType];
  if (rule.shapes.some((shape) => shape.test(cleaned))) return { value: cleaned };
  if (rule.eighteen?.test(cleaned) && cleaned.length === 18) {
    const fault = checkCheckCharLayout(cleaned);
    return fault === null ? { value: cleaned } : { detail: fault };
  }
  return { detail: `not a ${rule.label} number (length ${cleaned.length})` };
}
