import { describe, expect, it } from 'vitest';
import { diffAccount, type DesiredPlacement } from '../../src/core/account-diff.js';
import type { AccountAction, LinkState } from '../../src/core/types.js';

const active: DesiredPlacement = { schoolId: 'S1', status: 'active' };
const disabled: DesiredPlacement = { schoolId: 'S1', status: 'disabled' };
const link = (patch: Partial<LinkState> = {}): LinkState => ({ externalId: 'T1', schoolId: 'S1', status: 'active', pushedHash: 'h1', ...patch });

describe('diffAccount', () => {
  it.each<[string, DesiredPlacement | null, string | null, LinkState | null, AccountAction]>([
    ['no link, active: create', active, 'h1', null, 'create'],
    ['no link, disabled: never create a disabled account', disabled, 'h1', null, 'unchanged'],
    ['no link, nothing known', null, null, null, 'unchanged'],
    ['link, nothing known: never disable on missing knowledge', null, null, link(), 'unchanged'],
    ['link active, desired disabled: disable', disabled, 'h2', link(), 'disable'],
    ['link active in another school, desired disabled: disable', { schoolId: 'S9', status: 'disabled' }, 'h2', link(), 'disable'],
    ['link disabled, desired disabled: unchanged', disabled, 'h2', link({ status: 'disabled' }), 'unchanged'],
    ['school changed: move', { schoolId: 'S2', status: 'active' }, 'h2', link(), 'move'],
    ['school changed while link disabled: move', { schoolId: 'S2', status: 'active' }, 'h2', link({ status: 'disabled' }), 'move'],
    ['fields changed: update', active, 'h2', link(), 'update'],
    ['re-enabling a disabled account: update', active, 'h2', link({ status: 'disabled' }), 'update'],
    ['no hash given: update, to be safe', active, null, link(), 'update'],
    ['same hash: unchanged', active, 'h1', link(), 'unchanged'],
  ])('%s', (_label, desired, hash, linkState, expected) => {
    expect(diffAccount(desired, hash, linkState)).toBe(expected);
  });

  it('accepts a whole DesiredAccount', () => {
    const desired = { name: '张三', idType: 'resident_id', idNumber: '11010519491231002X', gender: null, mobile: null, email: null, schoolId: 'S1', status: 'active' } as const;
    expect(diffAccount(desired, 'h1', link())).toBe('unchanged');
  });
});
