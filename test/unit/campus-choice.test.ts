import { describe, expect, it } from 'vitest';
import { chooseSchool, type CampusRule } from '../../src/core/campus-choice.js';
import type { SchoolChoice, TargetSchool } from '../../src/core/types.js';

const CODE = '2133000123';

function school(schoolId: string, campusName: string | null, status: TargetSchool['status'] = 'active'): TargetSchool {
  return { schoolId, institutionCode: CODE, name: '杭州市胜利小学', campusName, countyCode: '330102', status };
}

const noRule: CampusRule = { explicit: {} };

function choose(schools: TargetSchool[], enteredName: string | null, rule: CampusRule = noRule): SchoolChoice | null {
  return chooseSchool({ institutionCode: CODE, enteredName, schools, rule });
}

describe('chooseSchool', () => {
  it.each<[string, TargetSchool[], string | null, CampusRule, SchoolChoice | null]>([
    ['no schools', [], '杭州市胜利小学', noRule, null],
    ['only inactive schools', [school('S1', null, 'inactive'), school('S2', '钱江校区', 'inactive')], null, noRule, null],
    ['one school', [school('S1', '钱江校区')], '杭州市胜利小学', noRule, { schoolId: 'S1', reason: 'only-school' }],
    ['one active among inactive', [school('S1', null, 'inactive'), school('S2', '钱江校区')], null, noRule, { schoolId: 'S2', reason: 'only-school' }],
    [
      'config choice wins over a named campus',
      [school('S1', null), school('S2', '钱江校区')],
      '杭州市胜利小学（钱江校区）',
      { explicit: { [CODE]: 'S1' } },
      { schoolId: 'S1', reason: 'config' },
    ],
    [
      'config naming an inactive school is ignored',
      [school('S1', null), school('S2', '钱江校区'), school('S3', '滨江校区', 'inactive')],
      '杭州市胜利小学',
      { explicit: { [CODE]: 'S3' } },
      { schoolId: 'S1', reason: 'main-campus' },
    ],
    [
      'config for another code is ignored',
      [school('S1', null), school('S2', '钱江校区')],
      null,
      { explicit: { '2133000999': 'S2' } },
      { schoolId: 'S1', reason: 'main-campus' },
    ],
    [
      'campus named in full-width brackets',
      [school('S1', '本部'), school('S2', '钱江校区')],
      '杭州市胜利小学（钱江校区）',
      noRule,
      { schoolId: 'S2', reason: 'campus-named' },
    ],
    [
      'campus named without its suffix',
      [school('S1', '本部'), school('S2', '钱江校区')],
      '杭州市胜利小学钱江',
      noRule,
      { schoolId: 'S2', reason: 'campus-named' },
    ],
    [
      'campus named with spaces and half-width brackets',
      [school('S1', null), school('S2', '钱江 校区')],
      '杭州市胜利小学 ( 钱江校区 )',
      noRule,
      { schoolId: 'S2', reason: 'campus-named' },
    ],
    ['分校 suffix stripped', [school('S1', null), school('S2', '城西分校')], '胜利小学城西', noRule, { schoolId: 'S2', reason: 'campus-named' }],
    ['院区 suffix stripped', [school('S1', null), school('S2', '下沙院区')], '胜利小学【下沙】', noRule, { schoolId: 'S2', reason: 'campus-named' }],
    [
      'a one-character remainder does not count',
      [school('S1', null), school('S2', '东校区')],
      '胜利小学东方分部',
      noRule,
      { schoolId: 'S1', reason: 'main-campus' },
    ],
    [
      'full one-character campus still matches',
      [school('S1', null), school('S2', '东校区')],
      '胜利小学东校区',
      noRule,
      { schoolId: 'S2', reason: 'campus-named' },
    ],
    [
      'longest matched text wins',
      [school('S1', '钱江校区'), school('S2', '钱江新城校区')],
      '胜利小学（钱江新城校区）',
      noRule,
      { schoolId: 'S2', reason: 'campus-named' },
    ],
    [
      'equal matches go to the lowest schoolId',
      [school('S3', '钱江校区'), school('S2', '钱江分校')],
      '胜利小学钱江',
      noRule,
      { schoolId: 'S2', reason: 'campus-named' },
    ],
    [
      'campus of an inactive school is not matched',
      [school('S1', null), school('S2', '滨江校区'), school('S3', '钱江校区', 'inactive')],
      '胜利小学钱江校区',
      noRule,
      { schoolId: 'S1', reason: 'main-campus' },
    ],
    ['main campus has no campus name', [school('S2', '钱江校区'), school('S3', null)], '杭州市胜利小学', noRule, { schoolId: 'S3', reason: 'main-campus' }],
    ['main campus has an empty campus name', [school('S2', '钱江校区'), school('S3', ' ')], null, noRule, { schoolId: 'S3', reason: 'main-campus' }],
    ['main campus called 本部', [school('S1', '钱江校区'), school('S2', '学校本部')], '胜利小学', noRule, { schoolId: 'S2', reason: 'main-campus' }],
    ['main campus called 主校区', [school('S1', '钱江校区'), school('S2', '主校区')], null, noRule, { schoolId: 'S2', reason: 'main-campus' }],
    ['two main campuses: lowest schoolId', [school('S5', null), school('S4', '本部'), school('S1', '钱江校区')], null, noRule, { schoolId: 'S4', reason: 'main-campus' }],
    ['nothing decides: lowest schoolId', [school('S20', '钱江校区'), school('S100', '滨江校区')], '杭州市胜利小学', noRule, { schoolId: 'S100', reason: 'lowest-id' }],
    ['no entered name: lowest schoolId', [school('S2', '钱江校区'), school('S1', '滨江校区')], null, noRule, { schoolId: 'S1', reason: 'lowest-id' }],
  ])('%s', (_label, schools, enteredName, rule, expected) => {
    expect(choose(schools, enteredName, rule)).toEqual(expected);
  });

  it('ignores schools listed under another institution code', () => {
    const other: TargetSchool = { ...school('S0', null), institutionCode: '2133000999' };
    expect(choose([other, school('S2', '钱江校区')], null)).toEqual({ schoolId: 'S2', reason: 'only-school' });
  });

  it('does not read inherited keys of the config object', () => {
    const result = chooseSchool({
      institutionCode: 'constructor',
      enteredName: null,
      schools: [{ ...school('S2', 'A校区'), institutionCode: 'constructor' }, { ...school('S1', 'B校区'), institutionCode: 'constructor' }],
      rule: noRule,
    });
    expect(result).toEqual({ schoolId: 'S1', reason: 'lowest-id' });
  });

  it('gives the same answer whatever the order of the schools', () => {
    const schools = [school('S3', '钱江分校'), school('S1', '滨江校区'), school('S2', '钱江校区')];
    const expected = { schoolId: 'S2', reason: 'campus-named' };
    expect(choose(schools, '胜利小学钱江', noRule)).toEqual(expected);
    expect(choose([...schools].reverse(), '胜利小学钱江', noRule)).toEqual(expected);
  });
});
