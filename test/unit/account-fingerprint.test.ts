import { describe, expect, it } from 'vitest';
import { accountFingerprint } from '../../src/core/account-fingerprint.js';
import type { DesiredAccount } from '../../src/core/types.js';

const account: DesiredAccount = {
  name: '张三',
  idType: 'resident_id',
  idNumber: '33010219800101123X',
  gender: 'M',
  mobile: '13800000000',
  email: null,
  schoolId: 'S0004567',
  status: 'active',
};

describe('accountFingerprint', () => {
  it('writes the fields in a fixed order', () => {
    expect(accountFingerprint(account)).toBe(
      '{"name":"张三","idType":"resident_id","idNumber":"33010219800101123X","gender":"M","mobile":"13800000000","email":null,"schoolId":"S0004567","status":"active"}',
    );
  });

  it('does not depend on the order the object was built in', () => {
    const reordered: DesiredAccount = {
      status: 'active',
      schoolId: 'S0004567',
      email: null,
      mobile: '13800000000',
      gender: 'M',
      idNumber: '33010219800101123X',
      idType: 'resident_id',
      name: '张三',
    };
    expect(accountFingerprint(reordered)).toBe(accountFingerprint(account));
  });

  it('ignores fields that are not pushed', () => {
    const extended = { ...account, teacherId: 'T1' } as DesiredAccount;
    expect(accountFingerprint(extended)).toBe(accountFingerprint(account));
  });

  it.each<[string, Partial<DesiredAccount>]>([
    ['name', { name: '张四' }],
    ['idType', { idType: 'passport' }],
    ['idNumber', { idNumber: '110105194912310021' }],
    ['gender', { gender: null }],
    ['mobile', { mobile: null }],
    ['email', { email: 'a@b.cn' }],
    ['schoolId', { schoolId: 'S1' }],
    ['status', { status: 'disabled' }],
  ])('changes when %s changes', (_label, patch) => {
    expect(accountFingerprint({ ...account, ...patch })).not.toBe(accountFingerprint(account));
  });
});
