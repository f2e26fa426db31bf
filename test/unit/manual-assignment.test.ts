import { describe, expect, it } from 'vitest';
import { checkAssignment, checkMove, type AssignmentVerdict, type ManualAssignment, type MoveRefusal } from '../../src/core/manual-assignment.js';
import type { TargetSchool } from '../../src/core/types.js';

const CODE = '2133000123';
const OTHER = '2133000456';

function school(schoolId: string, patch: Partial<TargetSchool> = {}): TargetSchool {
  return { schoolId, institutionCode: CODE, name: '杭州市胜利小学', campusName: '钱江校区', countyCode: '330102', status: 'active', ...patch };
}

const assignment: Pick<ManualAssignment, 'schoolId' | 'institutionCode'> = { schoolId: 'S2', institutionCode: CODE };

describe('checkAssignment', () => {
  it.each<[string, string | null, TargetSchool | undefined, AssignmentVerdict]>([
    ['same code, school active', CODE, school('S2'), 'holds'],
    ['the teacher now names another code', OTHER, school('S2'), 'stale-code-changed'],
    ['the teacher lost its code', null, school('S2'), 'stale-code-changed'],
    ['the school was closed', CODE, school('S2', { status: 'inactive' }), 'stale-school-gone'],
    ['the school is no longer listed', CODE, undefined, 'stale-school-gone'],
    ['both: the code change is what the person must look at first', OTHER, undefined, 'stale-code-changed'],
    // A forced assignment across codes was made knowingly: only the teacher's own code matters.
    ['forced across codes, the school carrying another code', CODE, school('S2', { institutionCode: OTHER }), 'holds'],
  ])('%s', (_label, teacherCode, s, expected) => {
    expect(checkAssignment(assignment, teacherCode, s)).toBe(expected);
  });
});

describe('checkMove', () => {
  const teacher = { institutionCode: CODE };
  it.each<[string, Parameters<typeof checkMove>[0], MoveRefusal | null]>([
    ['a school of the same code', { teacher, school: school('S2'), current: undefined, force: false }, null],
    ['unknown teacher', { teacher: undefined, school: school('S2'), current: undefined, force: false }, { code: 'TEACHER_UNKNOWN' }],
    ['unknown school', { teacher, school: undefined, current: undefined, force: false }, { code: 'SCHOOL_UNKNOWN' }],
    ['an inactive school, even forced', { teacher, school: school('S2', { status: 'inactive' }), current: undefined, force: true }, { code: 'SCHOOL_INACTIVE' }],
    [
      'a school of another code',
      { teacher, school: school('S9', { institutionCode: OTHER }), current: undefined, force: false },
      { code: 'CODE_NOT_SHARED', teacherCode: CODE, schoolCode: OTHER },
    ],
    ['a school of another code, forced', { teacher, school: school('S9', { institutionCode: OTHER }), current: undefined, force: true }, null],
    ['the school it is already assigned to', { teacher, school: school('S2'), current: { schoolId: 'S2', state: 'active' }, force: false }, { code: 'ALREADY_ASSIGNED' }],
    ['another school than the one assigned', { teacher, school: school('S3'), current: { schoolId: 'S2', state: 'active' }, force: false }, null],
    ['the same school again after the assignment went stale', { teacher, school: school('S2'), current: { schoolId: 'S2', state: 'stale' }, force: false }, null],
  ])('%s', (_label, input, expected) => {
    expect(checkMove(input)).toEqual(expected);
  });
});
