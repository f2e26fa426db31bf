import type { Repositories } from '../db/port.js';
import type { AssignmentRecord } from '../db/repositories/manual-assignment.repository.js';
import { currentLinks } from './current-placement.js';

/** A manual assignment with what it is read beside: the teacher, the campus, and where the account is now. */
export interface ListedAssignment extends AssignmentRecord {
  name: string | null;
  /** The teacher's institution code today (the assignment keeps the one it was made under). */
  teacherCode: string | null;
  campusName: string | null;
  countyCode: string | null;
  accountSchoolId: string | null;
}

/** Every manual assignment (or the stale ones), optionally of one county's schools. */
export async function listAssignments(repos: Repositories, opts: { stale?: boolean; countyCode?: string }): Promise<ListedAssignment[]> {
  const all = await repos.assignments.list(opts.stale ? { state: 'stale' } : {});
  const schools = await repos.schools.byIds([...new Set(all.map((a) => a.schoolId))]);
  const list = opts.countyCode === undefined ? all : all.filter((a) => schools.get(a.schoolId)?.countyCode === opts.countyCode);
  const teachers = await repos.teachers.profiles(list.map((a) => a.teacherId));
  const links = await currentLinks(repos, teachers.values());
  return list.map((a) => {
    const t = teachers.get(a.teacherId);
    return {
      ...a, name: t?.name ?? null, teacherCode: t?.institutionCode ?? null, campusName: schools.get(a.schoolId)?.campusName ?? null,
      countyCode: schools.get(a.schoolId)?.countyCode ?? null, accountSchoolId: links.get(a.teacherId)?.schoolId ?? null,
    };
  });
}
