import { describe, expect, it } from 'vitest';
import { compareSchoolNames, placeIndex } from '../../src/core/school-name-match.js';
import { toSimplifiedChinese } from '../../src/text/simplified-chinese.js';
import { labelledPairs, type LabelledPair } from '../support/labelled-name-pairs.js';
import { provinceHistory } from '../support/province-history.js';

/**
 * The labelled table built from the division history of three provinces with many counties that
 * became districts, merged or were renamed: every pair must be decided as labelled. A pair the
 * rule gets wrong fails here; none is left out of the table.
 */
const PROVINCES = ['32', '33', '44'];

const tables = PROVINCES.map((province) => {
  const history = provinceHistory(province);
  return { province, places: placeIndex(history, { fold: toSimplifiedChinese }), pairs: labelledPairs(province, history) };
});
const rows = tables.flatMap((t) => t.pairs.map((pair) => ({ pair, places: t.places })));

function decide({ pair, places }: (typeof rows)[number]) {
  return compareSchoolNames(pair.entered, pair.registered, { places, registryCounty: pair.registryCounty });
}

function confusion() {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    const same = decide(row).same;
    if (same && row.pair.same) tp++;
    else if (same) fp++;
    else if (row.pair.same) fn++;
  }
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

const { precision, recall } = confusion();
const benign = rows.filter((r) => r.pair.same).length;

const BENIGN_KINDS: readonly LabelledPair['kind'][] = [
  'county→district', 'city→district', 'merged', 'renamed', 'with-city-of-then', 'city-without-市', 'traditional',
  'former+traditional', 'former+campus', 'former-vs-registry-county', 'registry-predecessor',
];
const MISMATCH_KINDS: readonly LabelledPair['kind'][] = [
  'another-school', 'neighbouring-number', 'school-type', 'former-school-name', 'other-county', 'former-name-of-other-county',
  'other-county-vs-registry-county',
];

describe(`school names over the division history of provinces ${PROVINCES.join(', ')}`, () => {
  it(`decides ${rows.length} labelled pairs (${benign} same school, ${rows.length - benign} another): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`, () => {
    console.info(`school-name table: ${rows.length} pairs from ${PROVINCES.length} provinces, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });

  it('holds at least 300 pairs from at least three provinces, half of them the same school', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(new Set(rows.map((r) => r.pair.province)).size).toBeGreaterThanOrEqual(3);
    expect(benign * 2).toBe(rows.length);
  });

  it.each(PROVINCES)('has every kind of writing and of mismatch for province %s', (province) => {
    const kinds = new Set(rows.filter((r) => r.pair.province === province).map((r) => r.pair.kind));
    for (const kind of [...BENIGN_KINDS, ...MISMATCH_KINDS]) expect(kinds, kind).toContain(kind);
  });

  it.each(rows.map((r) => [r.pair.province, r.pair.kind, r.pair.entered, r.pair.registered, r.pair.registryCounty, r.pair.same, r] as const))(
    '%s %s: %s / %s (county %s) → same %s',
    (_p, _k, _e, _r, _c, same, row) => {
      expect(decide(row).same).toBe(same);
    },
  );

  it('labels a pair by kind consistently: every benign kind same, every mismatch kind not', () => {
    for (const { pair } of rows) expect(pair.same, pair.kind).toBe(BENIGN_KINDS.includes(pair.kind));
  });
});
