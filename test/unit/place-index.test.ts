import { describe, expect, it } from 'vitest';
import { placeIndex } from '../../src/core/place-index.js';
import { toSimplifiedChinese } from '../../src/text/simplified-chinese.js';
import { provinceHistory } from '../support/province-history.js';

describe('placeIndex', () => {
  const jiangsu = placeIndex(provinceHistory('32'), { fold: toSimplifiedChinese });

  it.each([
    ['a county that became a district', '江宁县', 'county', ['320115'], false],
    ['its short name, in use today', '江宁', 'county', ['320115'], true],
    ['a county-level city split into two districts: both', '吴县市', 'county', ['320506', '320507'], false],
    ['a district name two cities use today: both', '鼓楼区', 'county', ['320106', '320302'], true],
    ['a former name of a city, renamed under its own code', '淮阴市', 'city', ['320800'], false],
  ] as const)('%s: %s', (_what, text, level, codes, current) => {
    expect(jiangsu.byText.get(text)?.find((m) => m.level === level)).toEqual({ level, codes, current });
  });

  it('keeps a name too generic alone only with its city in front', () => {
    const anhui = placeIndex(provinceHistory('34'));
    expect(anhui.byText.has('郊区')).toBe(false);
    expect(anhui.byText.get('铜陵市郊区')).toEqual([{ level: 'county', codes: ['340711'], current: true }]);
    expect(anhui.byText.get('铜陵郊区')).toEqual([{ level: 'county', codes: ['340711'], current: true }]);
  });

  it('folds the names it keeps as it folds school names', () => {
    const hubei = placeIndex(provinceHistory('42'), { fold: toSimplifiedChinese });
    expect(hubei.byText.get('襄樊市')).toEqual([{ level: 'city', codes: ['420600'], current: false }]);
    expect(placeIndex(provinceHistory('61'), { fold: toSimplifiedChinese }).byText.has('干县')).toBe(true);
  });

  it('gives the counties today a county code stands for, current or former, and none for a city', () => {
    expect(jiangsu.countiesOf('320584')).toEqual(['320509']);
    expect(jiangsu.countiesOf('320115')).toEqual(['320115']);
    expect(jiangsu.countiesOf('320100')).toEqual([]);
    expect(jiangsu.countiesOf('999999')).toEqual([]);
  });
});
