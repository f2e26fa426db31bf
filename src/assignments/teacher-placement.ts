import type { TargetSchool } from '../core/types.js';
import type { Repositories } from '../db/port.js';
import type { AccountLink } from '../core/account-link.js';
import type { AssignmentRecord } from '../db/repositories/manual-assignment.repository.js';
import type { TeacherProfile } from '../db/repositories/teacher.repository.js';
import { currentLinks, placementLabel } from './current-placement.js';

/** One teacher's record, the account it was pushed as, its manual assignment, and why it is where it is. */
export interface TeacherPlacement {
  teacher: TeacherProfile;
  /** The account the record was pushed as; null before its first push. */
  link: AccountLink | null;
  assignment: AssignmentRecord | null;
  /** The schools of the account and of the assignment, by id (one that is no longer listed is absent). */
  schools: Map<string, TargetSchool>;
  placement: string;
}

/** What `accounts show` and the console's teacher page show; null for a teacher not known (yet). */
export async function teacherPlacement(repos: Repositories, teacherId: string): Promise<TeacherPlacement | null> {
  const teacher = (await repos.teachers.profiles([teacherId])).get(teacherId);
  if (!teacher) return null;
  const link = (await currentLinks(repos, [teacher])).get(teacher.teacherId) ?? null;
  const assignment = (await repos.assignments.byTeacherIds([teacher.teacherId])).get(teacher.teacherId) ?? null;
  const schoolIds = [link?.schoolId, assignment?.schoolId].filter((s): s is string => s !== undefined);
  const schools = await repos.schools.byIds(schoolIds);
  return { teacher, link, assignment, schools, placement: placementLabel(link ?? undefined, assignment ?? undefined) };
}
