/**
 * The two rules of a teacherId every source of teacher records follows: how long it may be, and
 * which entry stands when one is listed twice.
 */

/** The longest teacherId the store and the student-record platform's account key take. */
export const TEACHER_ID_MAX_CHARS = 64;

/** Why a teacherId cannot be taken (empty, too long); null when it can. */
export function teacherIdProblem(teacherId: string): string | null {
  if (teacherId.length === 0) return 'teacherId is empty';
  if (teacherId.length > TEACHER_ID_MAX_CHARS) return `teacherId is ${teacherId.length} characters long, at most ${TEACHER_ID_MAX_CHARS}`;
  return null;
}

/** A teacherId as a problem may name it: none when it could not be stored. */
export function storableTeacherId(teacherId: string | null): string | null {
  return teacherId !== null && teacherIdProblem(teacherId) === null ? teacherId : null;
}

/**
 * The entries that are superseded because the same teacherId is listed again later: the later
 * entry stands, as a later write on the platform would. Returns their positions; entries without
 * an id (null) are never superseded.
 */
export function supersededEntries<T>(entries: readonly T[], idOf: (entry: T) => string | null): Set<number> {
  const lastAt = new Map<string, number>();
  entries.forEach((e, i) => {
    const id = idOf(e);
    if (id !== null) lastAt.set(id, i);
  });
  const out = new Set<number>();
  entries.forEach((e, i) => {
    const id = idOf(e);
    if (id !== null && lastAt.get(id) !== i) out.add(i);
  });
  return out;
}
