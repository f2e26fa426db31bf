import { describe, expect, it } from 'vitest';
import { adoptedAssignmentCode, reconcileLinked, reconcileUnknown, type SchoolFacts } from '../../src/core/account-reconciliation.js';

const schools = new Map<string, SchoolFacts>([
  ['S1', { institutionCode: '2133000001', status: 'active' }],
  ['S2', { institutionCode: '2133000001', status: 'active' }],
  ['S3', { institutionCode: '2133000002', status: 'active' }],
  ['S4', { institutionCode: '2133000001', status: 'inactive' }],
]);
const schoolOf = (id: string) => schools.get(id);
const pushed = { schoolId: 'S1', status: 'active' as const };
const account = (schoolId: string | null, status: string | null) => ({ externalId: 'T1', accountId: 'A1', schoolId, status });

describe('reconciling one account', () => {
  it('is in step when school and status are what was pushed', () => {
    expect(reconcileLinked(account('S1', 'active'), pushed, schoolOf)).toEqual({ kind: 'in-step' });
  });

  it('adopts a move between schools that share the code: a person decided it', () => {
    expect(reconcileLinked(account('S2', 'active'), pushed, schoolOf)).toEqual({ kind: 'drifted', schoolMove: 'adopt', statusDrift: false, sharedCode: '2133000001' });
  });

  it('calls a move to another code, to a closed campus or to an unknown school drift', () => {
    for (const to of ['S3', 'S4', 'S9', null]) {
      expect(reconcileLinked(account(to, 'active'), pushed, schoolOf)).toMatchObject({ kind: 'drifted', schoolMove: 'drift', sharedCode: null });
    }
  });

  it('calls a status changed by hand drift, alone or beside a campus move', () => {
    expect(reconcileLinked(account('S1', 'disabled'), pushed, schoolOf)).toEqual({ kind: 'drifted', schoolMove: null, statusDrift: true, sharedCode: null });
    expect(reconcileLinked(account('S2', 'locked'), pushed, schoolOf)).toMatchObject({ schoolMove: 'adopt', statusDrift: true });
  });

  it('links an unknown account of a known person and leaves any other alone', () => {
    expect(reconcileUnknown(true)).toEqual({ kind: 'unknown-matched' });
    expect(reconcileUnknown(false)).toEqual({ kind: 'orphan' });
  });

  it("records an adopted move under the teacher's code, or the shared code when the teacher's differs", () => {
    expect(adoptedAssignmentCode('2133000001', '2133000001')).toBe('2133000001');
    expect(adoptedAssignmentCode('2133000009', '2133000001')).toBe('2133000001');
    expect(adoptedAssignmentCode(null, '2133000001')).toBe('2133000001');
  });
});
