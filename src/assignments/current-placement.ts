import type { Repositories } from '../db/port.js';
import type { AccountLink } from '../core/account-link.js';
import type { AssignmentRecord } from '../db/repositories/manual-assignment.repository.js';
import type { TeacherProfile } from '../db/repositories/teacher.repository.js';

/**
 * The account each teacher's record was pushed as, by key: the record names its account once
 * pushed; a record that never was (a duplicate) may still be the one its person's link follows.
 */
export async function currentLinks(repos: Repositories, teachers: Iterable<TeacherProfile>): Promise<Map<string, AccountLink>> {
  const byExternal = new Map<string, string[]>();
  const unlinked: string[] = [];
  for (const t of teachers) {
    if (t.linkExternalId === null) unlinked.push(t.teacherId);
    else {
      const ids = byExternal.get(t.linkExternalId);
      if (ids) ids.push(t.teacherId);
      else byExternal.set(t.linkExternalId, [t.teacherId]);
    }
  }
  const out = new Map<string, AccountLink>();
  for (const link of await repos.links.byExternalIds([...byExternal.keys()])) {
    for (const teacherId of byExternal.get(link.externalId) ?? []) out.set(teacherId, link);
  }
  for (const link of await repos.links.byTeacherIds(unlinked)) out.set(link.teacherId, link);
  return out;
}

/**
 * Why a teacher is where it is, in the words the commands print: the reason stored with its account,
 * or what a recorded assignment will do to it on the next sync.
 */
export function placementLabel(link: AccountLink | undefined, assignment: AssignmentRecord | undefined): string {
  if (assignment?.state === 'stale') return 'manual-stale';
  if (assignment && link?.schoolId !== assignment.schoolId) return 'manual-pending';
  if (assignment) return 'manual';
  if (!link) return 'no-account';
  if (link.choiceReason === 'manual' || link.choiceReason === 'manual-stale') return 'undone-pending';
  return link.choiceReason ?? 'rule';
}
