import { describe, expect, it } from 'vitest';
import { requireProvinceDivisions } from '../../src/areacodes/area-code-history.js';
import {
  CONSOLE_ACTIONS, grantsOfClaims, mayAccess, type ConsoleAction, type ConsoleGrant, type ConsolePerson, type ConsoleTarget,
} from '../../src/core/console-access.js';

const zhejiang = requireProvinceDivisions('33');

const person = (...grants: ConsoleGrant[]): ConsolePerson => ({ subject: 's', displayName: 'n', grants });
const province = person({ role: 'province' });
const hangzhou = person({ role: 'bureau', areas: ['330100'] });
const xihu = person({ role: 'bureau', areas: ['330106'] });
const fuyangOldCode = person({ role: 'bureau', areas: ['330183'] });
const school = person({ role: 'school', institutions: ['2133000403'] });
const nobody = person();

const area = (code: string): ConsoleTarget => ({ kind: 'area', code });
const schoolAt = (institutionCode: string, areaCode?: string): ConsoleTarget => ({ kind: 'school', institutionCode, ...(areaCode ? { areaCode } : {}) });
const PROVINCE: ConsoleTarget = { kind: 'province' };

const cases: [label: string, who: ConsolePerson, target: ConsoleTarget, action: ConsoleAction, allowed: boolean][] = [
  // The province operator: everything, everywhere.
  ['province: overview', province, PROVINCE, 'overview', true],
  ['province: operations', province, PROVINCE, 'operations', true],
  ['province: any county findings', province, area('330206'), 'findings', true],
  ['province: its own code', province, area('330000'), 'findings', true],
  ['province: reassign at any school', province, schoolAt('2133000403'), 'reassign', true],
  ['province: overrides', province, PROVINCE, 'overrides', true],
  ['province: audit', province, PROVINCE, 'audit', true],

  // A city bureau: its city and the counties of its city, read only.
  ['city: overview', hangzhou, PROVINCE, 'overview', true],
  ['city: no province totals or queue', hangzhou, PROVINCE, 'operations', false],
  ['city: its own findings', hangzhou, area('330100'), 'findings', true],
  ['city: a district of the city', hangzhou, area('330106'), 'findings', true],
  ['city: a district under a former code (富阳市 330183 → 富阳区 330111)', hangzhou, area('330183'), 'findings', true],
  ['city: a district merged away (下城区 330103 → 拱墅区)', hangzhou, area('330103'), 'findings', true],
  ['city: another city', hangzhou, area('330200'), 'findings', false],
  ['city: a county of another city', hangzhou, area('330206'), 'findings', false],
  ['city: the province', hangzhou, area('330000'), 'findings', false],
  ['city: teachers of a school in a district', hangzhou, schoolAt('2133000403', '330106'), 'teachers', true],
  ['city: teachers of a school of unknown county', hangzhou, schoolAt('2133000403'), 'teachers', false],
  ['city: no reassigning', hangzhou, schoolAt('2133000403', '330106'), 'reassign', false],
  ['city: no undo', hangzhou, schoolAt('2133000403', '330106'), 'undo', false],
  ['city: no shared codes', hangzhou, schoolAt('2133000403', '330106'), 'shared-codes', false],
  ['city: no overrides', hangzhou, area('330100'), 'overrides', false],
  ['city: no audit log', hangzhou, area('330100'), 'audit', false],

  // A county bureau: its county only.
  ['county: its findings', xihu, area('330106'), 'findings', true],
  ['county: the neighbour', xihu, area('330105'), 'findings', false],
  ['county: its city', xihu, area('330100'), 'findings', false],
  ['county: teachers of its school', xihu, schoolAt('2133000403', '330106'), 'teachers', true],
  ['county: teachers of another county', xihu, schoolAt('2133000403', '330105'), 'teachers', false],
  ['county under a former code: today\'s district', fuyangOldCode, area('330111'), 'findings', true],
  ['county under a former code: itself', fuyangOldCode, area('330183'), 'findings', true],
  ['county under a former code: not the city', fuyangOldCode, area('330100'), 'findings', false],

  // A school administrator: its own institution codes' campuses.
  ['school: its shared code', school, schoolAt('2133000403'), 'shared-codes', true],
  ['school: teachers of its code', school, schoolAt('2133000403'), 'teachers', true],
  ['school: reassign among its campuses', school, schoolAt('2133000403'), 'reassign', true],
  ['school: undo', school, schoolAt('2133000403'), 'undo', true],
  ['school: another code', school, schoolAt('2133000342'), 'reassign', false],
  ['school: another code\'s teachers', school, schoolAt('2133000342'), 'teachers', false],
  ['school: no overview', school, PROVINCE, 'overview', false],
  ['school: no findings of its county', school, area('330106'), 'findings', false],
  ['school: no overrides', school, schoolAt('2133000403'), 'overrides', false],
  ['school: no audit log', school, schoolAt('2133000403'), 'audit', false],

  // No grant, no access.
  ['no role: overview', nobody, PROVINCE, 'overview', false],
  ['no role: findings', nobody, area('330106'), 'findings', false],

  // Grants add up.
  ['county and school: findings of the county', person(xihu.grants[0]!, school.grants[0]!), area('330106'), 'findings', true],
  ['county and school: reassign at the school', person(xihu.grants[0]!, school.grants[0]!), schoolAt('2133000403'), 'reassign', true],
  ['county and school: still no other county', person(xihu.grants[0]!, school.grants[0]!), area('330105'), 'findings', false],
];

describe('console access', () => {
  it.each(cases)('%s', (_label, who, target, action, allowed) => {
    expect(mayAccess(who, target, action, zhejiang)).toBe(allowed);
  });

  it('gives a person without grants nothing at all', () => {
    for (const action of CONSOLE_ACTIONS) {
      for (const target of [PROVINCE, area('330106'), schoolAt('2133000403', '330106')]) expect(mayAccess(nobody, target, action, zhejiang)).toBe(false);
    }
  });
});

describe('claims to grants', () => {
  const mapping: Record<string, ConsoleGrant> = { ops: { role: 'province' }, 'bureau-330106': { role: 'bureau', areas: ['330106'] } };

  it('maps the claim values the policy names, and ignores the others', () => {
    expect(grantsOfClaims(['staff', 'bureau-330106'], mapping)).toEqual([{ role: 'bureau', areas: ['330106'] }]);
    expect(grantsOfClaims(['ops'], mapping)).toEqual([{ role: 'province' }]);
    expect(grantsOfClaims([], mapping)).toEqual([]);
  });

  it('is not fooled by names every object has', () => {
    expect(grantsOfClaims(['__proto__', 'constructor', 'toString', 'hasOwnProperty'], mapping)).toEqual([]);
  });
});
