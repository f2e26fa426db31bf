import { chooseSchool, type CampusRule } from './campus-choice.js';
import { checkAssignment, type ManualAssignment, type StaleReason } from './manual-assignment.js';
import type { SchoolChoiceReason, TargetSchool } from './types.js';

/** Why an account is at its school: a rule, a person's assignment, or a stale one holding it in place. */
export type PlacementReason = SchoolChoiceReason | 'manual' | 'manual-stale';

export interface Placement {
  schoolId: string;
  reason: PlacementReason;
}

export interface PlacementInput {
  institutionCode: string;
  enteredName: string | null;
  /** The student-record schools carrying the teacher's code. */
  schools: readonly TargetSchool[];
  rule: CampusRule;
  assignment: ManualAssignment | null;
  /** The school the assignment names, wherever it is; undefined when the platform no longer lists it. */
  assignedSchool: TargetSchool | undefined;
  /** Where the teacher's account is now; null before it was first pushed. */
  current: { schoolId: string } | null;
}

export interface PlacementResult {
  /** Null when no school can take the teacher. */
  placement: Placement | null;
  /** Set when an active assignment stopped holding in this decision. */
  becameStale: StaleReason | null;
}

/**
 * Where a teacher's account belongs: a manual assignment that holds wins over every rule. One that
 * no longer holds keeps the account where it is rather than undo a person's decision by rule; a
 * teacher without an account yet has nowhere to stay, so the rules place it.
 */
export function placeTeacher(input: PlacementInput): PlacementResult {
  const { assignment } = input;
  if (assignment === null) return { placement: byRule(input), becameStale: null };
  const verdict = assignment.state === 'active' ? checkAssignment(assignment, input.institutionCode, input.assignedSchool) : null;
  if (verdict === 'holds') return { placement: { schoolId: assignment.schoolId, reason: 'manual' }, becameStale: null };
  if (input.current !== null) return { placement: { schoolId: input.current.schoolId, reason: 'manual-stale' }, becameStale: verdict };
  return { placement: byRule(input), becameStale: verdict };
}

function byRule(input: PlacementInput): Placement | null {
  return chooseSchool({ institutionCode: input.institutionCode, enteredName: input.enteredName, schools: input.schools, rule: input.rule });
}
