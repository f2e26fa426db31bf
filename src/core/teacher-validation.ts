import { normaliseCountyCode, normaliseEmail, normaliseMobile } from './contact-details.js';
import { checkIdNumber, cleanIdNumber } from './id-number.js';
import { checkInstitutionCode, DEFAULT_INSTITUTION_CATEGORIES } from './institution-code.js';
import { normalisePersonName } from './name-normalisation.js';
import { parseRfc3339 } from './rfc3339.js';
import { ID_TYPES, TEACHER_STATUSES } from './types.js';
import type { Gender, IdType, NormalisedTeacher, Problem, SourceTeacher, TeacherStatus, ValidatedTeacher } from './types.js';

/** The student-record platform's limit on a name; longer text is data that was pasted by mistake. */
export const NAME_MAX_CHARS = 100;

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** Echoes an unexpected enum value in a detail, cut short: the field is free text on the source. */
function quote(value: string): string {
  const chars = [...value];
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value);
}

function readGender(raw: string | null): Gender | null {
  const g = raw?.trim().toUpperCase();
  return g === 'M' || g === 'F' ? g : null;
}

function trimmedOrNull(raw: string | null): string | null {
  const t = raw?.trim() ?? '';
  return t === '' ? null : t;
}

/**
 * Normalises every field and lists every problem at once, so that a school fixes its record in
 * one round instead of one error per sync.
 */
export function validateTeacher(src: SourceTeacher, opts: { categories?: readonly string[] } = {}): ValidatedTeacher {
  const problems: Problem[] = [];

  const name = normalisePersonName(src.name);
  if (name === null) problems.push({ code: 'NAME_MISSING', detail: 'name is empty' });
  else if ([...name].length > NAME_MAX_CHARS) {
    problems.push({ code: 'SCHEMA_INVALID', detail: `name too long (${[...name].length} characters, at most ${NAME_MAX_CHARS})` });
  }

  const rawIdType = trimmedOrNull(src.idType);
  const idType: IdType | null = rawIdType !== null && isOneOf(ID_TYPES, rawIdType) ? rawIdType : null;
  if (idType === null) {
    const detail = rawIdType === null ? 'ID type is empty' : `unknown ID type ${quote(rawIdType)}`;
    problems.push({ code: 'ID_TYPE_UNKNOWN', detail });
  }

  let idNumber: string | null;
  let idNumberOk = false;
  if (idType !== null) {
    const checked = checkIdNumber(idType, src.idNumber);
    idNumberOk = checked.ok;
    idNumber = checked.ok ? checked.value : checked.cleaned;
    if (!checked.ok) problems.push(checked.problem);
  } else {
    // Without a known type the number cannot be judged, but a missing one is still worth saying.
    idNumber = cleanIdNumber(src.idNumber);
    if (idNumber === null) problems.push({ code: 'ID_NUMBER_MISSING', detail: 'ID number is empty' });
  }

  const code = checkInstitutionCode(src.institutionCode, opts.categories ?? DEFAULT_INSTITUTION_CATEGORIES);
  if (!code.ok) problems.push(code.problem);

  const rawStatus = trimmedOrNull(src.status);
  const status: TeacherStatus | null = rawStatus !== null && isOneOf(TEACHER_STATUSES, rawStatus) ? rawStatus : null;
  if (status === null) {
    problems.push({ code: 'STATUS_UNKNOWN', detail: rawStatus === null ? 'status is empty' : `unknown status ${quote(rawStatus)}` });
  }

  const updatedAtMs = parseRfc3339(src.updatedAt);
  if (updatedAtMs === null) {
    const detail = trimmedOrNull(src.updatedAt) === null ? 'updatedAt is empty' : `updatedAt ${quote(src.updatedAt ?? '')} is not an RFC 3339 date-time`;
    problems.push({ code: 'UPDATED_AT_INVALID', detail });
  }

  const teacher: NormalisedTeacher = {
    teacherId: src.teacherId,
    name,
    idType,
    idNumber,
    gender: readGender(src.gender),
    mobile: normaliseMobile(src.mobile),
    email: normaliseEmail(src.email),
    institutionCode: code.ok ? code.code : code.cleaned,
    institutionName: trimmedOrNull(src.institutionName),
    countyCode: normaliseCountyCode(src.countyCode),
    status,
    updatedAtMs: updatedAtMs ?? 0,
  };
  return { teacher, problems, identityValid: idType !== null && idNumberOk };
}
