import { describe, expect, it } from 'vitest';
import type { AccountLink } from '../../src/core/account-link.js';
import {
  accountIdentity, adoptMoves, missingAccounts, reconcileLinkedPage, settleUnknown, type ListedAccount,
} from '../../src/core/reconciliation-findings.js';

const CODE = '2133010001';
const schools: Record<string, { institutionCode: string; status: 'active' | 'inactive'; countyCode: string | null }> = {
  S1: { institutionCode: CODE, status: 'active', countyCode: '330102' },
  S2: { institutionCode: CODE, status: 'active', countyCode: '330102' },
  S9: { institutionCode: '2133019999', status: 'active', countyCode: '330108' },
};
const schoolOf = (id: string) => schools[id];

const account = (extra: Partial<ListedAccount> = {}): ListedAccount => ({
  externalId: 'T1', accountId: 'A1', username: 'u1', idType: 'resident_id', idNumber: '11010519491231002X', schoolId: 'S1', status: 'active', name: '王小明', ...extra,
});
const link = (extra: Partial<AccountLink> = {}): AccountLink => ({
  externalId: 'T1', teacherId: 'T1', identityMac: 'mac-1', accountId: 'A1', username: 'u1', schoolId: 'S1', status: 'active', pushedHash: 'h',
  choiceReason: 'only-school', pushedRunId: 1, pushedAtMs: 1, ...extra,
});

describe('the identity of a listed account', () => {
  it.each([
    ['a resident ID, checked', 'resident_id', '11010519491231002x', 'resident_id:11010519491231002X'],
    ['no type', null, '11010519491231002X', null],
    ['a type the platform does not know', 'library_card', '123', null],
    ['no number', 'passport', null, null],
  ])('%s', (_label, idType, idNumber, expected) => {
    expect(accountIdentity(idType, idNumber)).toBe(expected);
  });
});

describe('a linked account set against the last push', () => {
  it.each<[string, Partial<ListedAccount>, boolean, string[], string[], number]>([
    ['in step: nothing said', {}, false, [], [], 0],
    ['moved between campuses of its code: adopted', { schoolId: 'S2' }, false, ['adopted'], ['ACCOUNT_MOVE_ADOPTED'], 0],
    ['moved to a school of another code: drifted', { schoolId: 'S9' }, false, ['drifted'], ['ACCOUNT_DRIFTED'], 0],
    ['disabled by hand: drifted', { status: 'disabled' }, false, ['drifted'], ['ACCOUNT_DRIFTED'], 0],
    ['drifted, on repair: set to be pushed back', { status: 'disabled' }, true, ['drifted'], ['ACCOUNT_DRIFTED'], 1],
    ['a campus move and a status change: adopted and drifted', { schoolId: 'S2', status: 'disabled' }, false, ['adopted', 'drifted'], ['ACCOUNT_MOVE_ADOPTED', 'ACCOUNT_DRIFTED'], 0],
  ])('%s', (_label, onPlatform, repair, kinds, codes, repaired) => {
    const out = reconcileLinkedPage({ runId: 3, repair, linked: [{ account: account(onPlatform), link: link() }], schoolOf });
    expect(out.entries.map((e) => e.kind)).toEqual(kinds);
    expect(out.problems.map((p) => p.code)).toEqual(codes);
    expect(out.repair).toHaveLength(repaired);
    expect(out.inStep).toBe(kinds.length === 0 ? 1 : 0);
  });

  it('a repaired link says what the platform holds, so the plan pushes the source again', () => {
    const out = reconcileLinkedPage({ runId: 3, repair: true, linked: [{ account: account({ schoolId: 'S9', status: 'disabled' }), link: link() }], schoolOf });
    expect(out.repair[0]).toMatchObject({ schoolId: 'S9', status: 'disabled', pushedHash: '' });
    expect(out.problems[0]!.detail).toBe('account A1 differs from the last push (school S9 on the platform, S1 pushed; status disabled on the platform, active pushed); pushed back');
  });

  it('an adopted move is recorded as the platform person assignment, and nothing is pushed for it', () => {
    const hashOf = (mac: string | null, schoolId: string, status: string) => `${mac}|${schoolId}|${status}`;
    const moves = [{ account: account({ schoolId: 'S2' }), link: link({ pushedHash: 'p|S1|active' }), sharedCode: CODE }];
    const out = adoptMoves({ runId: 3, nowMs: 50, moves, teacherOf: () => ({ institutionCode: CODE, payloadMac: 'p' }), assignmentOf: () => undefined, hashOf });
    expect(out.assignments[0]).toMatchObject({ teacherId: 'T1', schoolId: 'S2', institutionCode: CODE, state: 'active', assignedBy: 'student-record platform' });
    expect(out.links[0]).toMatchObject({ schoolId: 'S2', choiceReason: 'manual', pushedHash: 'p|S2|active' });
    expect(out.audit[0]).toMatchObject({ action: 'assign', source: 'platform', before: { schoolId: 'S1', assignment: null } });
  });
});

describe('an account the daemon has no link for', () => {
  it.each<[string, Partial<ListedAccount>, string | null, boolean, string, number]>([
    ['a teacher identity, under another tool external id: linked here', { externalId: 'OTHER-1' }, 'T1', false, 'matched', 1],
    ['a teacher identity, made by hand: bound at the push', { externalId: null }, 'T1', false, 'matched', 0],
    ['a teacher identity, under the teacher own id: bound at the push', { externalId: 'T1' }, 'T1', false, 'matched', 0],
    ['a teacher identity another link already carries: not linked twice', { externalId: 'OTHER-1' }, 'T1', true, 'matched', 0],
    ['no teacher of that identity: an orphan, left alone', {}, null, false, 'orphan', 0],
  ])('%s', (_label, onPlatform, teacherId, linked, kind, links) => {
    const out = settleUnknown({
      runId: 3, nowMs: 50, unknown: [{ account: account(onPlatform), identity: 'mac-1' }], teacherOf: () => (teacherId === null ? undefined : { teacherId }),
      linkedIdentities: new Set(linked ? ['mac-1'] : []), schoolOf,
    });
    expect(out.entries.map((e) => e.kind)).toEqual([kind]);
    expect(out.links).toHaveLength(links);
    expect(out.changed).toEqual(kind === 'matched' ? ['mac-1'] : []);
    expect(out.problems.map((p) => p.code)).toEqual(links === 1 ? ['ACCOUNT_LINKED'] : kind === 'orphan' ? ['ACCOUNT_ORPHAN'] : []);
  });

  it('an orphan entry shows the ID number masked only', () => {
    const out = settleUnknown({ runId: 3, nowMs: 50, unknown: [{ account: account(), identity: null }], teacherOf: () => undefined, linkedIdentities: new Set(), schoolOf });
    expect(JSON.stringify(out)).not.toContain('11010519491231002X');
  });
});

describe('a linked account the platform no longer lists', () => {
  it('is reported and pushed again', () => {
    const out = missingAccounts(3, [link()], (id) => schools[id]?.countyCode ?? null);
    expect(out.entries).toEqual([expect.objectContaining({ kind: 'missing', externalId: 'T1', pushedSchoolId: 'S1', countyCode: '330102', action: 'pushed again' })]);
    expect(out.problems.map((p) => p.code)).toEqual(['ACCOUNT_MISSING']);
  });
});
