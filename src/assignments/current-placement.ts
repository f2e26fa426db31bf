import type { Repositories } from '../db/port.js';
import type { AccountLinkRow } from '../db/repositories/account-link.repository.js';
import type { AssignmentRecord } from '../db/repositories/manual-assignment.repository.js';
import type { TeacherProfile } from '../db/repositories/teacher.repository.js';

/**
 * The account each teacher's record was pushed as, by key: the record names its account once
 * pushed; a record that never was (a duplicate) may still be the one its person's link follows.
 */
export async function currentLinks(repos: Repositories, teachers: Iterable<TeacherProfile>): Promise<Map<string, AccountLinkRow>> {
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
  const out = new Map<string, AccountLinkRow>();
  for (const link of await repos.links.byExternalIds([...byExternal.keys()])) {
    for (const teacherId of byExternal.get(link.external_id) ?? []) out.set(teacherId, link);
  }
  for (const link of await repos.links.byTeacherIds(unlinked)) out.set(link.teacher_id, link);
  return out;
}

/**
 * Why a teacher is where it is, in the words the commands print: the reason stored with its account,
 * or what a recorded assignment will do to it on the next sync.
 */
export function placementLabel(link: AccountLinkRow | undefined, assignment: AssignmentRecord | undefined): string {
  if (assignment?.state === 'stale') return 'manual-stale';
  if (assignment && link?.school_id !== assignment.schoolId) return 'manual-pending';
  if (assignment) return 'manual';
  if (!link) return 'no-account';
  if (link.choice_reason === 'manual' || link.choice_reason === 'manual-stale') return 'undone-pending';
  return link.choice_reason ?? 'rule';
}
