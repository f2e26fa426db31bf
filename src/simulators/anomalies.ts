import type { Random } from './random.js';

/** What is wrong (or merely unusual) with one generated teacher record. */
export const ANOMALIES = [
  'fullwidth-code', // institutionCode in full-width digits (２１３３…)
  'spaced-code', // spaces inside or around institutionCode
  'code-length', // 9 or 11 digits: a digit dropped or doubled
  'code-missing', // '', ' ' or null
  'foreign-school-name', // institutionName is another institution's name; the code is right
  'campus-note', // institutionName carries a campus: 杭州市…小学（钱江校区）; the code has several campuses
  'spaced-school-name', // a space inside or after institutionName
  'spaced-name', // 张 三, a trailing space, or a full-width space
  'lowercase-x', // resident ID ending in x
  'fullwidth-id', // resident ID in full-width digits
  'old-id-number', // 15-digit number issued before 1999; convertible to 18
  'wrong-check-char', // 18 characters, check character wrong
  'duplicate-person', // same person as `of`, registered again under another teacherId
  'non-resident-id', // passport, Hong Kong/Macao or Taiwan permit, foreign permanent residence card
  'missing-gender-mobile', // gender and/or mobile null
] as const;
export type AnomalyKind = (typeof ANOMALIES)[number];

export interface Anomaly {
  kind: AnomalyKind;
  /** For `duplicate-person`: the teacherId the same person was registered under first. */
  of?: string;
}

/** Relative frequency of each kind among messy records. */
const ANOMALY_WEIGHTS: Record<AnomalyKind, number> = {
  'fullwidth-code': 9, 'spaced-code': 8, 'code-length': 8, 'code-missing': 7, 'foreign-school-name': 7,
  'campus-note': 8, 'spaced-school-name': 5, 'spaced-name': 8, 'lowercase-x': 6, 'fullwidth-id': 4,
  'old-id-number': 6, 'wrong-check-char': 7, 'duplicate-person': 8, 'non-resident-id': 4, 'missing-gender-mobile': 5,
};

/**
 * Which record gets which anomaly: exact counts per kind (largest remainder), spread at random.
 * 0 = clean, k = ANOMALIES[k - 1]. Exact counts mean even a small world shows every kind.
 */
export function assignAnomalies(random: Random, count: number, messiness: number): Uint8Array {
  const kinds = new Uint8Array(count);
  const messy = Math.round(count * messiness);
  const total = ANOMALIES.reduce((s, k) => s + ANOMALY_WEIGHTS[k], 0);
  const exact = ANOMALIES.map((k) => (messy * ANOMALY_WEIGHTS[k]) / total);
  const quotas = exact.map(Math.floor);
  let left = messy - quotas.reduce((s, q) => s + q, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    quotas[i] = (quotas[i] ?? 0) + 1;
  }
  let at = 0;
  quotas.forEach((q, k) => {
    kinds.fill(k + 1, at, at + q);
    at += q;
  });
  random.shuffle(kinds);
  return kinds;
}
