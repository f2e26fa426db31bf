import type { TargetSchool } from './types.js';

/**
 * A person's decision to place a teacher at one school (campus) of the student-record platform,
 * recorded by hand. It wins over every rule until it is undone or stops holding.
 */
export interface ManualAssignment {
  teacherId: string;
  schoolId: string;
  /** The teacher's 学校标识码 when the assignment was made: the decision was about that code. */
  institutionCode: string;
  state: AssignmentState;
}

/** A stale assignment no longer holds; it keeps the teacher where it is until a person acts. */
export type AssignmentState = 'active' | 'stale';

export type AssignmentVerdict = 'holds' | 'stale-code-changed' | 'stale-school-gone';
export type StaleReason = Exclude<AssignmentVerdict, 'holds'>;

/**
 * Whether an assignment still holds for the teacher's current code and the school it names (undefined
 * when the platform no longer lists it). A changed code means the person decided about another
 * school than the one the teacher now names, so the decision is not carried over.
 */
export function checkAssignment(
  assignment: Pick<ManualAssignment, 'schoolId' | 'institutionCode'>,
  teacherCode: string | null,
  school: TargetSchool | undefined,
): AssignmentVerdict {
  if (teacherCode !== assignment.institutionCode) return 'stale-code-changed';
  if (school === undefined || school.status !== 'active') return 'stale-school-gone';
  return 'holds';
}

/** Why a requested assignment is refused. Unknown teachers and schools are told apart for the message. */
export type MoveRefusal =
  | { code: 'TEACHER_UNKNOWN' }
  | { code: 'SCHOOL_UNKNOWN' }
  | { code: 'SCHOOL_INACTIVE' }
  | { code: 'CODE_NOT_SHARED'; teacherCode: string | null; schoolCode: string }
  | { code: 'ALREADY_ASSIGNED' };

/**
 * Checks one requested assignment. A school carrying another code is refused unless forced: the
 * platform groups campuses by code, so a move across codes is almost always a typo. Re-assigning a
 * stale assignment to the same school is a change: it makes the decision hold again.
 */
export function checkMove(input: {
  teacher: { institutionCode: string | null } | undefined;
  school: TargetSchool | undefined;
  current: Pick<ManualAssignment, 'schoolId' | 'state'> | undefined;
  force: boolean;
}): MoveRefusal | null {
  const { teacher, school, current } = input;
  if (teacher === undefined) return { code: 'TEACHER_UNKNOWN' };
  if (school === undefined) return { code: 'SCHOOL_UNKNOWN' };
  if (school.status !== 'active') return { code: 'SCHOOL_INACTIVE' };
  if (!input.force && teacher.institutionCode !== school.institutionCode) {
    return { code: 'CODE_NOT_SHARED', teacherCode: teacher.institutionCode, schoolCode: school.institutionCode };
  }
  if (current?.state === 'active' && current.schoolId === school.schoolId) return { code: 'ALREADY_ASSIGNED' };
  return null;
}
