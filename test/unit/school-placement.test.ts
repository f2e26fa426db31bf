import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CampusRule } from '../../src/core/campus-choice.js';
import type { ManualAssignment } from '../../src/core/manual-assignment.js';
import { placeTeacher, type PlacementInput, type PlacementResult } from '../../src/core/school-placement.js';
import type { TargetSchool } from '../../src/core/types.js';

const CODE = '2133000123';
const OTHER = '2133000456';

function school(schoolId: string, campusName: string | null, status: TargetSchool['status'] = 'active'): TargetSchool {
  return { schoolId, institutionCode: CODE, name: '杭州市胜利小学', campusName, countyCode: '330102', status };
}

const MAIN = school('S1', '本部');
const QIANJIANG = school('S2', '钱江校区');
const BINJIANG = school('S3', '滨江校区');
const SCHOOLS = [MAIN, QIANJIANG, BINJIANG];
const noRule: CampusRule = { explicit: {} };

function assigned(schoolId: string, patch: Partial<ManualAssignment> = {}): ManualAssignment {
  return { teacherId: 'T1', schoolId, institutionCode: CODE, state: 'active', ...patch };
}

function place(patch: Partial<PlacementInput>): PlacementResult {
  const input: PlacementInput = {
    institutionCode: CODE, enteredName: '杭州市胜利小学', schools: SCHOOLS, rule: noRule, assignment: null, assignedSchool: undefined, current: null, ...patch,
  };
  return placeTeacher({ ...input, assignedSchool: patch.assignedSchool ?? SCHOOLS.find((s) => s.schoolId === input.assignment?.schoolId) });
}

describe('placeTeacher', () => {
  it.each<[string, Partial<PlacementInput>, PlacementResult]>([
    ['no assignment: the rules decide', {}, { placement: { schoolId: 'S1', reason: 'main-campus' }, becameStale: null }],
    ['an assignment that holds wins over the main campus', { assignment: assigned('S3') }, { placement: { schoolId: 'S3', reason: 'manual' }, becameStale: null }],
    [
      'an assignment that holds wins over a campus named by the teacher',
      { assignment: assigned('S3'), enteredName: '杭州市胜利小学（钱江校区）', current: { schoolId: 'S2' } },
      { placement: { schoolId: 'S3', reason: 'manual' }, becameStale: null },
    ],
    [
      'an assignment that holds wins over the configured school',
      { assignment: assigned('S3'), rule: { explicit: { [CODE]: 'S2' } } },
      { placement: { schoolId: 'S3', reason: 'manual' }, becameStale: null },
    ],
    [
      'the code changed: the account stays where it is, not at the new code\'s school',
      { assignment: assigned('S3'), institutionCode: OTHER, schools: [{ ...school('S9', null), institutionCode: OTHER }], current: { schoolId: 'S3' } },
      { placement: { schoolId: 'S3', reason: 'manual-stale' }, becameStale: 'stale-code-changed' },
    ],
    [
      'the school closed: the account stays where it is',
      { assignment: assigned('S3'), assignedSchool: school('S3', '滨江校区', 'inactive'), current: { schoolId: 'S3' } },
      { placement: { schoolId: 'S3', reason: 'manual-stale' }, becameStale: 'stale-school-gone' },
    ],
    [
      'stale before the move was pushed: the account stays at its old school',
      { assignment: assigned('S3'), assignedSchool: school('S3', '滨江校区', 'inactive'), current: { schoolId: 'S2' } },
      { placement: { schoolId: 'S2', reason: 'manual-stale' }, becameStale: 'stale-school-gone' },
    ],
    [
      'stale with no account yet: nowhere to stay, so the rules place it',
      { assignment: assigned('S3'), assignedSchool: school('S3', '滨江校区', 'inactive') },
      { placement: { schoolId: 'S1', reason: 'main-campus' }, becameStale: 'stale-school-gone' },
    ],
    [
      'already stale: kept in place, not reported as newly stale',
      { assignment: assigned('S3', { state: 'stale' }), current: { schoolId: 'S3' } },
      { placement: { schoolId: 'S3', reason: 'manual-stale' }, becameStale: null },
    ],
    [
      'already stale, even though it would hold again: a person decides',
      { assignment: assigned('S2', { state: 'stale' }), current: { schoolId: 'S1' } },
      { placement: { schoolId: 'S1', reason: 'manual-stale' }, becameStale: null },
    ],
    [
      'the code changed to one with no school: kept in place rather than held',
      { assignment: assigned('S3'), institutionCode: OTHER, schools: [], current: { schoolId: 'S3' } },
      { placement: { schoolId: 'S3', reason: 'manual-stale' }, becameStale: 'stale-code-changed' },
    ],
    ['no school at all and no assignment', { schools: [] }, { placement: null, becameStale: null }],
  ])('%s', (_label, input, expected) => {
    expect(place(input)).toEqual(expected);
  });

  it('puts a teacher with a holding assignment at its school whatever the name, rule or current school', () => {
    const campus = fc.constantFrom(...SCHOOLS.map((s) => s.schoolId));
    fc.assert(
      fc.property(campus, fc.option(campus, { nil: null }), fc.option(campus, { nil: undefined }), fc.string(), (target, current, configured, entered) => {
        const result = place({
          assignment: assigned(target), enteredName: entered, current: current === null ? null : { schoolId: current },
          rule: { explicit: configured === undefined ? {} : { [CODE]: configured } },
        });
        expect(result).toEqual({ placement: { schoolId: target, reason: 'manual' }, becameStale: null });
      }),
    );
  });

  it('never moves an account because of an assignment that no longer holds', () => {
    const campus = fc.constantFrom(...SCHOOLS.map((s) => s.schoolId));
    fc.assert(
      fc.property(campus, campus, fc.constantFrom<'active' | 'stale'>('active', 'stale'), fc.string(), (target, current, state, entered) => {
        const result = place({ assignment: assigned(target, { state }), institutionCode: OTHER, schools: [], enteredName: entered, current: { schoolId: current } });
        expect(result.placement).toEqual({ schoolId: current, reason: 'manual-stale' });
      }),
    );
  });
});
