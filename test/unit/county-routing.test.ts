import { describe, expect, it } from 'vitest';
import {
  loadAreaCodeRecords, loadProvinces, packageRoot, parseAreaCodeHistory, requireProvinceDivisions,
} from '../../src/areacodes/area-code-history.js';
import {
  bureauFor, currentDivision, divisionDisplayName, divisionHistory, provinceDivisions, routeCounty, type BureauDirectory,
} from '../../src/core/county-routing.js';

const history = requireProvinceDivisions('33');

describe('currentDivision', () => {
  it.each<[string, string | null, string]>([
    ['330102', '330102', 'in use: itself'],
    ['330103', '330105', '下城区 merged into 拱墅区 (2021)'],
    ['330104', '330102', '江干区 split (2021): the first part named, 上城区'],
    ['330107', '330105', '半山区 (1990) into 拱墅区'],
    ['330183', '330111', '富阳市 became 富阳区 (2014)'],
    ['330185', '330112', '临安市 became 临安区 (2017)'],
    ['339005', '330109', '萧山市 (province-administered code) → 330181 → 萧山区: a chain'],
    ['330121', '330109', '萧山县 → 339005 → 330181 → 330109'],
    ['330227', '330212', '鄞县 became 鄞州区'],
    ['332527', '331123', 'a code with an earlier part moved ([1982]) still follows its final successor'],
    ['330206', '330206', 'renamed in place (滨海区 → 北仑区) keeps its code'],
    ['110105', null, 'not a Zhejiang code'],
  ])('%s → %s (%s)', (code, today) => {
    expect(currentDivision(code, history)).toBe(today);
  });

  it('ends a cycle instead of looping', () => {
    const h = divisionHistory([
      { code: '339901', city: 'x', name: 'a', level: 'county', inUse: false, until: 2000, successors: [{ code: '339902', year: null }] },
      { code: '339902', city: 'x', name: 'b', level: 'county', inUse: false, until: 2000, successors: [{ code: '339901', year: null }] },
    ]);
    expect(currentDivision('339901', h)).toBeNull();
  });
});

describe('routeCounty', () => {
  it('uses the registry county when the code is known, else the county the platform gave', () => {
    expect(routeCounty({ registryCounty: '330106', platformCounty: '330102' }, history)).toEqual({ countyCode: '330106', source: 'registry', resolution: 'current' });
    expect(routeCounty({ registryCounty: null, platformCounty: '330102' }, history)).toEqual({ countyCode: '330102', source: 'platform', resolution: 'current' });
  });

  it('routes merged and renamed codes to the bureau that exists today', () => {
    expect(routeCounty({ registryCounty: '330103', platformCounty: null }, history)).toEqual({ countyCode: '330105', source: 'registry', resolution: 'successor' });
    expect(routeCounty({ registryCounty: null, platformCounty: '330103' }, history).countyCode).toBe('330105');
  });

  it('falls back to the city of an unknown county code, then to the province', () => {
    expect(routeCounty({ registryCounty: null, platformCounty: '330199' }, history)).toEqual({ countyCode: '330100', source: 'platform', resolution: 'city' });
    expect(routeCounty({ registryCounty: null, platformCounty: '110105' }, history)).toEqual({ countyCode: '330000', source: 'platform', resolution: 'province' });
    expect(routeCounty({ registryCounty: null, platformCounty: null }, history)).toEqual({ countyCode: '330000', source: 'none', resolution: 'province' });
    expect(routeCounty({ registryCounty: null, platformCounty: 'abc' }, history).countyCode).toBe('330000');
  });
});

describe('bureauFor', () => {
  const directory: BureauDirectory = {
    province: { name: '省厅', to: ['p@example.gov.cn'] },
    cities: { '330100': { to: ['hz@example.gov.cn'] } },
    counties: { '330105': { to: ['gs@example.gov.cn'] } },
  };
  it('chooses the county, else its city, else the province', () => {
    expect(bureauFor(directory, '330105')).toEqual({ bureau: { to: ['gs@example.gov.cn'] }, level: 'county' });
    expect(bureauFor(directory, '330106')).toEqual({ bureau: { to: ['hz@example.gov.cn'] }, level: 'city' });
    expect(bureauFor(directory, '330100')).toEqual({ bureau: { to: ['hz@example.gov.cn'] }, level: 'city' });
    expect(bureauFor(directory, '330212')?.level).toBe('province');
    expect(bureauFor({ cities: {}, counties: {} }, '330212')).toBeNull();
  });
  it('is not fooled by inherited property names', () => {
    expect(bureauFor({ cities: {}, counties: {} }, 'toString')).toBeNull();
  });
});

describe('the area-code history file', () => {
  it('is found from the package root and names today’s divisions', () => {
    expect(packageRoot()).toMatch(/\S/);
    expect(divisionDisplayName('330102', history)).toBe('杭州市上城区');
    expect(divisionDisplayName('330782', history)).toBe('义乌市');
    expect(divisionDisplayName('330100', history)).toBe('杭州市');
    expect(divisionDisplayName('330000', history)).toBe('浙江省');
  });

  it('parses several successors and year notes', () => {
    const rows = parseAreaCodeHistory('\uFEFF代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码\n330104,浙江省,杭州市,江干区,县级,弃用,1983,2021,330102[1996];330102;330114\n330102,浙江省,杭州市,上城区,县级,在用,1983,,\n');
    expect(rows[0]).toMatchObject({ code: '330104', inUse: false, until: 2021, successors: [{ code: '330102', year: 1996 }, { code: '330102', year: null }, { code: '330114', year: null }] });
    expect(() => parseAreaCodeHistory('a,b\n')).toThrow(/header/);
  });
});

describe('the divisions of the configured province', () => {
  const jiangsu = requireProvinceDivisions('32');

  it('lists every province in use, each with its name', () => {
    const provinces = loadProvinces();
    expect(provinces.size).toBe(34);
    expect(provinces.get('32')).toBe('江苏省');
    expect(provinces.get('45')).toBe('广西壮族自治区');
    expect(provinceDivisions(loadAreaCodeRecords(), '99')).toBeNull();
  });

  it('names the province and routes through its own history', () => {
    expect(jiangsu).toMatchObject({ provinceCode: '32', divisionCode: '320000', name: '江苏省' });
    expect(currentDivision('320103', jiangsu)).toBe('320104'); // 白下区 merged into 秦淮区 (2013)
    expect(currentDivision('320124', jiangsu)).toBe('320117'); // 溧水县 became 溧水区
    expect(currentDivision('320202', jiangsu)).toBe('320213'); // 崇安区 into 梁溪区 (2015)
    expect(divisionDisplayName('320104', jiangsu)).toBe('南京市秦淮区');
    expect(divisionDisplayName('320583', jiangsu)).toBe('昆山市');
    expect(divisionDisplayName('320000', jiangsu)).toBe('江苏省');
    expect(routeCounty({ registryCounty: '320107', platformCounty: null }, jiangsu)).toEqual({ countyCode: '320106', source: 'registry', resolution: 'successor' });
  });

  it('sends a code of another province to the province itself, not to that province', () => {
    expect(currentDivision('330102', jiangsu)).toBeNull();
    expect(routeCounty({ registryCounty: null, platformCounty: '330102' }, jiangsu)).toEqual({ countyCode: '320000', source: 'platform', resolution: 'province' });
    expect(currentDivision('320102', history)).toBeNull();
  });

  it('keeps the divisions that moved in from another province, and only those', () => {
    const hainan = requireProvinceDivisions('46');
    expect(currentDivision('441000', hainan)).toBe('460100'); // 海口市, of 广东 until 1988
    const guangdong = requireProvinceDivisions('44');
    expect(currentDivision('441000', guangdong)).toBeNull();
    expect(currentDivision('460100', guangdong)).toBeNull();
    const chongqing = requireProvinceDivisions('50');
    expect(currentDivision('510202', chongqing)).toBe('500103'); // 渝中区, of 四川 until 1997
    expect(currentDivision('510104', chongqing)).toBeNull();
  });
});
