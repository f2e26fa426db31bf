import type { SourceTeacher } from '../../core/types.js';
import { jsonKind } from '../lenient.js';
import { teacherRecordSchema } from './teacher-training.schemas.js';

export interface RejectedTeacher {
  teacherId: string | null;
  /** Why the record was not taken; names fields and types, never a value other than the teacherId. */
  reason: string;
}

export interface TeacherPage {
  records: SourceTeacher[];
  rejected: RejectedTeacher[];
}

function teacherIdOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** One raw record to a SourceTeacher, or the reason it cannot be one. */
export function toSourceTeacher(raw: unknown): SourceTeacher | RejectedTeacher & { rejected: true } {
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
  return {
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
}

/** A page of raw records, split into usable records and rejections. */
export function toTeacherPage(data: readonly unknown[]): TeacherPage {
  const page: TeacherPage = { records: [], rejected: [] };
  for (const raw of data) {
    const t = toSourceTeacher(raw);
    if ('rejected' in t) page.rejected.push({ teacherId: t.teacherId, reason: t.reason });
    else page.records.push(t);
  }
  return page;
}
