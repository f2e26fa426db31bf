import { describe, expect, it } from 'vitest';
import { requireProvinceDivisions } from '../../src/areacodes/area-code-history.js';
import { areaScope, areasScope, inAreaScope } from '../../src/core/area-scope.js';
import { areaCovers } from '../../src/core/console-access.js';
import { currentRecord, routeCounty } from '../../src/core/county-routing.js';

const zhejiang = requireProvinceDivisions('33');
const inUse = [...zhejiang.byCode.keys()].filter((c) => currentRecord(c, zhejiang) !== null && c !== zhejiang.divisionCode);
/** Every code the history has, a county code it does not know under each city, and codes of no use. */
const given = [
  ...zhejiang.byCode.keys(),
  ...[...new Set([...zhejiang.byCode.keys()].map((c) => c.slice(0, 4)))].map((p) => `${p}98`),
  '110105', '440300', 'abc', '',
];

describe('areaScope', () => {
  it('reads every row routed into an area, from any code it may have been stored under', () => {
    let routedIn = 0;
    for (const area of inUse) {
      const scope = areaScope(area, zhejiang);
      expect(scope, area).not.toBeNull();
      for (const code of given) {
        for (const input of [{ registryCounty: code, platformCounty: null }, { registryCounty: null, platformCounty: code }]) {
          if (!areaCovers(area, routeCounty(input, zhejiang).countyCode, zhejiang)) continue;
          routedIn++;
          expect(inAreaScope(code, scope!), `${code} routes into ${area}`).toBe(true);
        }
      }
    }
    expect(routedIn).toBeGreaterThan(500);
  });

  it.each<[string, string, boolean, string]>([
    ['330109', '330109', true, 'the county itself'],
    ['330109', '339005', true, '萧山市 (province-administered code), now 萧山区'],
    ['330109', '330121', true, '萧山县, two successors ago'],
    ['330109', '330110', false, 'a neighbouring district'],
    ['330109', '330198', false, 'an unknown code under the city goes to the city, not to a county'],
    ['330100', '330109', true, 'a city covers its districts'],
    ['330100', '330103', true, 'and the old codes merged into them'],
    ['330100', '330198', true, 'and unknown county codes under it'],
    ['330100', '330201', false, 'not another city'],
  ])('of %s holds %s: %s (%s)', (area, code, expected) => {
    expect(inAreaScope(code, areaScope(area, zhejiang)!)).toBe(expected);
  });

  it('gives a county no city prefix, and a city its own', () => {
    expect(areaScope('330109', zhejiang)?.cityPrefixes).toEqual([]);
    expect(areaScope('330100', zhejiang)?.cityPrefixes).toContain('3301');
  });

  it('is null for the province: every row is of it', () => {
    expect(areaScope(zhejiang.divisionCode, zhejiang)).toBeNull();
  });
});

describe('areasScope', () => {
  it('holds what each area holds, and is null once one area is the province', () => {
    const both = areasScope(['330109', '330201'], zhejiang)!;
    for (const area of ['330109', '330201']) for (const code of areaScope(area, zhejiang)!.codes) expect(inAreaScope(code, both)).toBe(true);
    expect(inAreaScope('330110', both)).toBe(false);
    expect(areasScope(['330109', zhejiang.divisionCode], zhejiang)).toBeNull();
    expect(areasScope([], zhejiang)).toEqual({ codes: [], cityPrefixes: [] });
  });
});
