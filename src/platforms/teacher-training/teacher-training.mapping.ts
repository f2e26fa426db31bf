import { supersededEntries, teacherIdProblem } from '../../core/teacher-id.js';
import type { ReadTeacher, SourceField } from '../../core/teacher-validation.js';
import { jsonKind, lenientText } from '../lenient.js';
import { teacherRecordSchema } from './teacher-training.schemas.js';

export interface RejectedTeacher {
  teacherId: string | null;
  /** Why the record was not taken; names fields and types, never a value other than the teacherId. */
  reason: string;
}

export interface TeacherPage {
  records: ReadTeacher[];
  rejected: RejectedTeacher[];
}

const TEXT_FIELDS = [
  'name', 'idType', 'idNumber', 'gender', 'mobile', 'email', 'institutionCode', 'institutionName', 'countyCode', 'status', 'updatedAt',
] as const satisfies readonly SourceField[];

function teacherIdOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** What a value that cannot be read as text was, for the problem of its field; null when it can be (or is absent). */
function unreadableKind(value: unknown): string | null {
  if (value === undefined || value === null || lenientText(value) !== null) return null;
  if (typeof value === 'number') return 'a number too large to be read exactly';
  const kind = jsonKind(value);
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}, not text`;
}

/** One raw record to a source record, or the reason it cannot be one. */
export function toSourceTeacher(raw: unknown): ReadTeacher | RejectedTeacher & { rejected: true } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { rejected: true, teacherId: null, reason: `record is ${jsonKind(raw)}, not an object` };
  }
  const parsed = teacherRecordSchema.safeParse(raw);
  if (!parsed.success) return { rejected: true, teacherId: null, reason: 'record could not be read' };
  const r = parsed.data;
  const teacherId = teacherIdOf(r.teacherId);
  if (teacherId === null) {
    const kind = jsonKind(r.teacherId);
    const why = r.teacherId === undefined ? 'missing' : kind === 'string' ? 'empty' : `of type ${kind}, not a string`;
    return { rejected: true, teacherId: null, reason: `teacherId is ${why}` };
  }
  const idProblem = teacherIdProblem(teacherId);
  if (idProblem !== null) return { rejected: true, teacherId: null, reason: idProblem };
  const record: ReadTeacher = {
    teacherId,
    name: r.name,
    idType: r.idType,
    idNumber: r.idNumber,
    gender: r.gender,
    mobile: r.mobile,
    email: r.email,
    institutionCode: r.institutionCode,
    institutionName: r.institutionName,
    countyCode: r.countyCode,
    status: r.status,
    updatedAt: r.updatedAt,
  };
  // Kept apart from the values, so that the rules can say "sent as an object" rather than "empty".
  const fields = raw as Record<string, unknown>;
  const unreadable: NonNullable<ReadTeacher['unreadable']> = {};
  for (const f of TEXT_FIELDS) {
    const kind = unreadableKind(fields[f]);
    if (kind !== null) unreadable[f] = kind;
  }
  if (Object.keys(unreadable).length > 0) record.unreadable = unreadable;
  return record;
}

/**
 * A page of raw records, split into usable records and rejections. A teacherId listed twice in
 * one page keeps its later entry, as a later write on the platform would; the earlier one is
 * rejected with a reason, so that nothing is dropped unseen.
 */
export function toTeacherPage(data: readonly unknown[]): TeacherPage {
  const page: TeacherPage = { records: [], rejected: [] };
  const read = data.map(toSourceTeacher);
  const superseded = supersededEntries(read, (t) => ('rejected' in t ? null : t.teacherId));
  read.forEach((t, i) => {
    if ('rejected' in t) page.rejected.push({ teacherId: t.teacherId, reason: t.reason });
    else if (superseded.has(i)) {
      page.rejected.push({ teacherId: t.teacherId, reason: `teacherId listed again later in the same page (item ${i + 1} of ${data.length}); the later entry is used` });
    } else page.records.push(t);
  });
  return page;
}
