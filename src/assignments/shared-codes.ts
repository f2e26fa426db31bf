import { chooseSchool, type CampusRule } from '../core/campus-choice.js';
import type { TargetSchool } from '../core/types.js';
import type { Repositories } from '../db/port.js';
import type { AssignmentRecord } from '../db/repositories/manual-assignment.repository.js';
import type { TeacherProfile } from '../db/repositories/teacher.repository.js';
import { currentLinks, placementLabel } from './current-placement.js';

/** Active accounts at one school by why they are there, as of the last sync. */
export interface SchoolTeacherCounts {
  /** Placed by a rule: the only active school, the configured one, the main campus or the lowest id. */
  rule: number;
  /** The campus named in the school name the teacher entered. */
  campusNamed: number;
  manual: number;
  /** Held in place by an assignment that no longer holds. */
  stale: number;
  total: number;
}

export interface SharedCodeSchool extends TargetSchool {
  canonical: boolean;
  teachers: SchoolTeacherCounts;
  /** Assignments to this school recorded but not pushed yet: the next sync moves them here. */
  pending: number;
}

export interface SharedCode {
  code: string;
  name: string;
  countyCode: string | null;
  /** Where a teacher of this code goes when nothing else decides: no campus named, no assignment. */
  canonicalSchoolId: string | null;
  canonicalReason: string | null;
  schools: SharedCodeSchool[];
}

const emptyCounts = (): SchoolTeacherCounts => ({ rule: 0, campusNamed: 0, manual: 0, stale: 0, total: 0 });

/** Every institution code that more than one student-record school carries, with its schools' teachers. */
export async function listSharedCodes(repos: Repositories, rule: CampusRule, filter: { countyCode?: string } = {}): Promise<SharedCode[]> {
  const shared = [...(await repos.schools.byCode()).entries()]
    .filter(([, schools]) => schools.length > 1)
    .filter(([, schools]) => filter.countyCode === undefined || schools.some((s) => s.countyCode === filter.countyCode))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (shared.length === 0) return [];
  const counts = new Map<string, SchoolTeacherCounts>();
  for (const [, schools] of shared) for (const s of schools) counts.set(s.schoolId, emptyCounts());
  for (const row of await repos.links.activeCountsAtSchools([...counts.keys()])) {
    const c = counts.get(row.schoolId);
    if (!c) continue;
    if (row.reason === 'manual') c.manual += row.n;
    else if (row.reason === 'manual-stale') c.stale += row.n;
    else if (row.reason === 'campus-named') c.campusNamed += row.n;
    else c.rule += row.n;
    c.total += row.n;
  }
  const pending = await pendingBySchool(repos);
  return shared.map(([code, schools]) => {
    const canonical = chooseSchool({ institutionCode: code, enteredName: null, schools, rule });
    const first = schools[0]!;
    return {
      code, name: first.name, countyCode: first.countyCode,
      canonicalSchoolId: canonical?.schoolId ?? null, canonicalReason: canonical?.reason ?? null,
      schools: schools.map((s) => ({
        ...s, canonical: s.schoolId === canonical?.schoolId, teachers: counts.get(s.schoolId) ?? emptyCounts(), pending: pending.get(s.schoolId) ?? 0,
      })),
    };
  });
}

async function pendingBySchool(repos: Repositories): Promise<Map<string, number>> {
  const active = await repos.assignments.list({ state: 'active' });
  const teachers = await repos.teachers.profiles(active.map((a) => a.teacherId));
  const links = await currentLinks(repos, teachers.values());
  const out = new Map<string, number>();
  for (const a of active) {
    if (links.get(a.teacherId)?.schoolId !== a.schoolId) out.set(a.schoolId, (out.get(a.schoolId) ?? 0) + 1);
  }
  return out;
}

/** One teacher of a shared code and where the teacher is. */
export interface SharedCodeTeacher {
  teacher: TeacherProfile;
  /** The school the account is at now; null before its first push. */
  schoolId: string | null;
  accountStatus: string | null;
  /** What placed it there; see placementLabel. */
  placement: string;
  assignment: AssignmentRecord | null;
}

/**
 * The schools of one code and its teachers: those whose record names the code, and those whose
 * account or assignment is at one of its schools (a teacher whose code changed stays listed).
 */
export async function sharedCodeTeachers(repos: Repositories, code: string): Promise<{ schools: TargetSchool[]; teachers: SharedCodeTeacher[] }> {
  const schools = await repos.schools.forCode(code);
  const schoolIds = new Set(schools.map((s) => s.schoolId));
  const ids = new Set(await repos.teachers.idsWithCode(code));
  for (const l of await repos.links.atSchools([...schoolIds])) ids.add(l.teacherId);
  const toHere = (await repos.assignments.list()).filter((a) => schoolIds.has(a.schoolId));
  for (const a of toHere) ids.add(a.teacherId);
  const profiles = await repos.teachers.profiles([...ids]);
  const assignments = await repos.assignments.byTeacherIds([...profiles.keys()]);
  const links = await currentLinks(repos, profiles.values());
  const teachers = [...profiles.values()]
    .sort((a, b) => (a.teacherId < b.teacherId ? -1 : 1))
    .map((t) => {
      const link = links.get(t.teacherId);
      const assignment = assignments.get(t.teacherId);
      return {
        teacher: t, schoolId: link?.schoolId ?? null, accountStatus: link?.status ?? null,
        placement: placementLabel(link, assignment), assignment: assignment ?? null,
      };
    });
  return { schools, teachers };
}
