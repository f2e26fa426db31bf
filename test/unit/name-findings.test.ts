import { describe, expect, it } from 'vitest';
import { institutionSuggester } from '../../src/core/institution-suggestion.js';
import { classifyEnteredSchool } from '../../src/core/mismatch-finding.js';
import { placeIndex } from '../../src/core/school-name-match.js';
import type { RegistryInstitution } from '../../src/core/types.js';
import { toSimplifiedChinese } from '../../src/text/simplified-chinese.js';
import { provinceHistory } from '../support/province-history.js';

/**
 * Findings and suggestions in a second province (32), with names written in traditional
 * characters and with former county names: 江宁县 became 江宁区, 吴江市 became 吴江区, 吴县市 was
 * split into 吴中区 and 相城区, and two cities each have a 鼓楼区.
 */
const places = placeIndex(provinceHistory('32'), { fold: toSimplifiedChinese });

const inst = (code: string, name: string, countyCode: string, status: RegistryInstitution['status'] = 'active'): RegistryInstitution =>
  ({ code, name, countyCode, category: code.slice(0, 2), status });

const REGISTRY = [
  inst('2132000001', '南京市江宁区育才小学', '320115'),
  inst('2132000002', '苏州市吴江区实验小学', '320509'),
  inst('2132000003', '育才小学', '320106'),
  inst('2132000004', '育才小学', '320302'),
  inst('2132000005', '苏州市吴中区光明小学', '320506'),
  inst('2132000006', '苏州市相城区光明小学', '320507'),
];
const byCode = new Map(REGISTRY.map((r) => [r.code, r]));

function classify(code: string, name: string) {
  return classifyEnteredSchool({ institutionCode: code, institutionName: name }, { registry: byCode.get(code) ?? null, hasTargetSchool: true, province: '32', places });
}

describe('name findings in a second province', () => {
  it.each([
    ['a former county name that became a district', '2132000002', '吴江市实验小学'],
    ['the county as it was before that', '2132000002', '吴江县实验小学'],
    ['traditional characters with the former name', '2132000002', '吳江市實驗小學'],
    ['the city with the former county, without 市', '2132000001', '南京江寧縣育才小學'],
    ['a registered name without its county, the county as entered', '2132000003', '南京市鼓樓區育才小學'],
  ])('%s is no finding: %s %s', (_what, code, name) => {
    expect(classify(code, name)).toBeNull();
  });

  it('reports the same name in another county, with the registry name, method and score', () => {
    const verdict = classify('2132000002', '蘇州市吳中區實驗小學');
    expect(verdict).toMatchObject({ kind: 'NAME_MISMATCH', registryName: '苏州市吴江区实验小学', method: 'normalised', score: 1 });
    expect(verdict?.detail).toContain('苏州市吴江区实验小学');
    expect(verdict?.detail).toContain('另一区县');
    expect(classify('2132000002', '苏州市吴江区第一中学')?.detail).not.toContain('另一区县');
  });

  it('reads the registry county when the registered name has none: a school of that name in the other 鼓楼区 is another', () => {
    expect(classify('2132000003', '徐州市鼓楼区育才小学')).toMatchObject({ kind: 'NAME_MISMATCH', method: 'normalised' });
    expect(classify('2132000004', '徐州市鼓楼区育才小学')).toBeNull();
  });
});

describe('institutionSuggester in a second province', () => {
  const suggester = institutionSuggester(REGISTRY, places);

  it('suggests the one institution the entered name means, in whatever writing', () => {
    expect(suggester.suggest('江寧縣育才小學')?.code).toBe('2132000001');
    expect(suggester.suggest('徐州市鼓樓區育才小學')?.code).toBe('2132000004');
    expect(suggester.suggest('吳中區光明小學')?.code).toBe('2132000005');
    expect(suggester.suggest('吴江县实验小学')?.code).toBe('2132000002');
  });

  it('suggests nothing when two institutions could be meant', () => {
    // Three schools carry the name 育才小学; neither place nor writing tells them apart.
    expect(suggester.suggest('育才小學')).toBeNull();
    // Both 鼓楼区 of the province.
    expect(suggester.suggest('鼓樓區育才小學')).toBeNull();
    // The former 吴县市 became two districts; a school of this name is in each.
    expect(suggester.suggest('吳縣市光明小學')).toBeNull();
  });

  it('suggests nothing when two institutions differ only in how their names are written', () => {
    const twice = institutionSuggester([inst('2132000011', '南京市江宁区育才小学', '320115'), inst('2132000012', '南京市江寧區育才小學', '320115')], places);
    expect(twice.suggest('江宁区育才小学')).toBeNull();
    expect(twice.suggest('江寧縣育才小學')).toBeNull();
    expect(twice.suggest('江宁区育才小学', '2132000011')?.code).toBe('2132000012');
  });

  it('prefers the active institution to a revoked one of the same name', () => {
    const withRevoked = institutionSuggester([inst('2132000021', '南京市江宁区育才小学', '320115', 'revoked'), inst('2132000022', '南京市江宁区育才小学', '320115')], places);
    expect(withRevoked.suggest('江寧區育才小學')?.code).toBe('2132000022');
  });
});
