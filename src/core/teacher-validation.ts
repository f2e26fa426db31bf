import { daysFromCivil } from './calendar.js';
import { charCount, compactText, cutText } from './compact-text.js';
import { normaliseCountyCode, normaliseEmail, normaliseMobile } from './contact-details.js';
import { checkIdNumber, cleanIdNumber } from './id-number.js';
import { checkInstitutionCode, DEFAULT_INSTITUTION_CATEGORIES } from './institution-code.js';
import { normalisePersonName, tidySchoolName } from './name-normalisation.js';
import { maskIdNumber } from './pii-mask.js';
import { parseRfc3339 } from './rfc3339.js';
import { ID_TYPES, TEACHER_STATUSES } from './types.js';
import type { Gender, IdType, NormalisedTeacher, Problem, SourceTeacher, TeacherStatus, ValidatedTeacher } from './types.js';

/** The student-record platform's limit on a name; longer text is data that was pasted by mistake. */
export const NAME_MAX_CHARS = 100;
/** School names run to about forty characters with a campus; a longer one was pasted by mistake. */
export const INSTITUTION_NAME_MAX_CHARS = 100;
/** No mobile or landline, with a country code and an extension, comes near this. */
export const MOBILE_MAX_CHARS = 32;
/** The longest address SMTP carries (RFC 5321, forward path). */
export const EMAIL_MAX_CHARS = 254;
/** No identity document number comes near this; a longer value is kept cut, to be shown masked. */
export const ID_NUMBER_KEEP_CHARS = 32;

/** Fields of a source record other than its key. */
export type SourceField = Exclude<keyof SourceTeacher, 'teacherId'>;

/**
 * A source record as an adapter read it. A field that came as a JSON type other than text (a
 * boolean, an object, an array, a number too large to be read exactly) is null in the record and
 * named in `unreadable` with what it was, so that its problem says so instead of calling it empty.
 */
export interface ReadTeacher extends SourceTeacher {
  unreadable?: Partial<Record<SourceField, string>>;
}

const FIELD_LABELS: Record<SourceField, string> = {
  name: 'name', idType: 'ID type', idNumber: 'ID number', gender: 'gender', mobile: 'mobile', email: 'e-mail address',
  institutionCode: 'institution code', institutionName: 'institution name', countyCode: 'county code', status: 'status',
  updatedAt: 'updatedAt',
};

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

// Shown escaped in a detail: invisible, control and bidi characters would hide or reorder the text.
const UNSHOWN = /[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]/gu;

function escapeUnshown(json: string): string {
  return json.replace(UNSHOWN, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}

/**
 * Echoes an unexpected value in a detail, cut short: the field is free text on the source. Runs
 * of eleven or more digits (a mobile, an ID number) are masked, in case one was typed into the
 * wrong field; invisible and bidi characters are escaped.
 */
function quote(value: string): string {
  const shown = cutText(value, 40).replace(/[0-9]{11,}/g, (digits) => maskIdNumber(digits));
  return escapeUnshown(JSON.stringify(shown));
}

/**
 * Gender as GB/T 2261.1 and the platforms spell it: M/F, 男/女, 1/2; 0 and 9 (and U, X) say it is
 * not known or not stated. Anything else is a value nobody can read.
 */
const GENDERS: Readonly<Record<string, Gender | null>> = {
  M: 'M', MALE: 'M', 男: 'M', 1: 'M',
  F: 'F', FEMALE: 'F', 女: 'F', 2: 'F',
  0: null, 9: null, U: null, X: null, UNKNOWN: null, 未知: null,
};

function readGender(raw: string | null): { gender: Gender | null; known: boolean } {
  const g = compactText(raw)?.toUpperCase() ?? null;
  if (g === null) return { gender: null, known: true };
  const hit = GENDERS[g];
  return hit === undefined ? { gender: null, known: false } : { gender: hit, known: true };
}

/** An enumerated value as typed: full-width letters, stray or invisible spaces and capitals are noise. */
function enumText(raw: string | null): string | null {
  return compactText(raw)?.toLowerCase() ?? null;
}

function trimmedOrNull(raw: string | null): string | null {
  const t = raw?.trim() ?? '';
  return t === '' ? null : t;
}

// Letters of any script (with their combining marks), spaces, and the marks that join or shorten
// names: interpuncts (买买提·艾力), full stops, apostrophes and hyphens.
const NAME_CHAR = /^[\p{L}\p{M}\p{Script=Han} \u00B7\u2022\u2027\u30FB.'\u2019\-\u2010\uFF0D\uFF0E]$/u;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE_SCRIPTS = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** What makes a normalised name unusable as a name, beyond its length. */
function nameFaults(name: string): string[] {
  const faults: string[] = [];
  const odd = [...new Set([...name].filter((c) => !NAME_CHAR.test(c)))];
  if (odd.length > 0) {
    const shown = odd.slice(0, 5).map((c) => escapeUnshown(JSON.stringify(/[0-9]/.test(c) ? '0-9' : c)));
    faults.push(`name contains characters not used in names: ${shown.join(', ')}${odd.length > 5 ? ', …' : ''}`);
  }
  if (/\p{M}{4}/u.test(name)) faults.push('name stacks more than three combining marks on one letter');
  // Latin mixed with Cyrillic or Greek in one word is how look-alike letters (А for A) get in.
  if (name.split(/[^\p{L}\p{M}]+/u).some((word) => LATIN.test(word) && LOOKALIKE_SCRIPTS.test(word))) {
    faults.push('name mixes Latin letters with look-alike Cyrillic or Greek letters in one word');
  }
  return faults;
}

const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * Whether the birth date in a valid 18-character resident number is after `atMs`: the core reads
 * no clock, but a person cannot be born after their own record was last written, or after the run.
 */
function bornAfter(residentId: string, atMs: number): boolean {
  const [y, m, d] = [residentId.slice(6, 10), residentId.slice(10, 12), residentId.slice(12, 14)].map(Number) as [number, number, number];
  return daysFromCivil(y, m, d) * MS_PER_DAY - CHINA_OFFSET_MS > atMs;
}

// A teacherId is the key of the account on the student-record platform and part of its URL.
const UNPRINTABLE_ID = /[\s\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;

/**
 * Normalises every field and lists every problem at once, so that a school fixes its record in
 * one round instead of one error per sync. A value too long to be real is kept cut (ending in
 * "…") and its problem names the full length: nothing is shortened without a problem saying so.
 */
export interface ValidationOptions {
  categories?: readonly string[];
  /**
   * The time of the run, epoch milliseconds. When given, an updatedAt more than a day after it is
   * a problem and reads as unknown (0): a record from the future would otherwise carry the delta
   * cursor past every real change. The rules read no clock; the caller passes the time in.
   */
  asOfMs?: number;
}

/** How far a source's clock may run ahead of ours before its updatedAt is not believed. */
export const UPDATED_AT_MAX_AHEAD_MS = 86_400_000;

/** What every field's check shares: the problems found so far, and how each field was sent. */
interface FieldCheck {
  problems: Problem[];
  /** Says a field was sent as something other than text; null when it was text (or absent). */
  sentAs: (field: SourceField) => string | null;
}

function fieldCheck(src: ReadTeacher): FieldCheck {
  const unreadable = src.unreadable ?? {};
  return {
    problems: [],
    sentAs: (field) => {
      const kind = unreadable[field];
      return kind === undefined ? null : `${FIELD_LABELS[field]} was sent as ${kind}`;
    },
  };
}

function tooLong(label: string, length: number, max: number): Problem {
  return { code: 'SCHEMA_INVALID', detail: `${label} too long (${length} characters, at most ${max})` };
}

/** A text field: said when it was sent as something other than text, kept cut when longer than any real one. */
function boundedText(cx: FieldCheck, field: SourceField, value: string | null, max: number): string | null {
  const wrongType = cx.sentAs(field);
  if (wrongType !== null) cx.problems.push({ code: 'SCHEMA_INVALID', detail: wrongType });
  else if (value !== null && charCount(value) > max) {
    cx.problems.push(tooLong(FIELD_LABELS[field], charCount(value), max));
    return cutText(value, max);
  }
  return value;
}

function readName(cx: FieldCheck, src: ReadTeacher): string | null {
  const name = normalisePersonName(src.name);
  const nameSentAs = cx.sentAs('name');
  if (nameSentAs !== null) cx.problems.push({ code: 'NAME_MISSING', detail: nameSentAs });
  else if (name === null) cx.problems.push({ code: 'NAME_MISSING', detail: 'name is empty' });
  else {
    const length = charCount(name);
    const faults = nameFaults(name);
    if (length > NAME_MAX_CHARS) cx.problems.push(tooLong('name', length, NAME_MAX_CHARS));
    for (const detail of faults) cx.problems.push({ code: 'SCHEMA_INVALID', detail });
    if (length > NAME_MAX_CHARS) return cutText(name, NAME_MAX_CHARS);
  }
  return name;
}

/** The ID type and number; `ok` when the number passed its type's check (the identity is usable). */
function readIdentity(cx: FieldCheck, src: ReadTeacher, bornBeforeMs: number): { idType: IdType | null; idNumber: string | null; ok: boolean } {
  const idTypeText = enumText(src.idType);
  const idType: IdType | null = idTypeText !== null && isOneOf(ID_TYPES, idTypeText) ? idTypeText : null;
  if (idType === null) {
    const detail = cx.sentAs('idType') ?? (idTypeText === null ? 'ID type is empty' : `unknown ID type ${quote(trimmedOrNull(src.idType) ?? '')}`);
    cx.problems.push({ code: 'ID_TYPE_UNKNOWN', detail });
  }
  let idNumber: string | null;
  let ok = false;
  const idNumberSentAs = cx.sentAs('idNumber');
  if (idNumberSentAs !== null) {
    idNumber = null;
    cx.problems.push({ code: 'ID_NUMBER_INVALID', detail: idNumberSentAs });
  } else if (idType !== null) {
    const checked = checkIdNumber(idType, src.idNumber);
    ok = checked.ok;
    idNumber = checked.ok ? checked.value : checked.cleaned;
    if (!checked.ok) cx.problems.push(checked.problem);
    else if (idType === 'resident_id' && bornAfter(checked.value, bornBeforeMs)) {
      ok = false;
      cx.problems.push({ code: 'ID_NUMBER_INVALID', detail: 'birth date is in the future' });
    }
  } else {
    // Without a known type the number cannot be judged, but a missing one is still worth saying.
    idNumber = cleanIdNumber(src.idNumber);
    if (idNumber === null) cx.problems.push({ code: 'ID_NUMBER_MISSING', detail: 'ID number is empty' });
  }
  if (!ok && idNumber !== null) idNumber = cutText(idNumber, ID_NUMBER_KEEP_CHARS);
  return { idType, idNumber, ok };
}

function readStatus(cx: FieldCheck, src: ReadTeacher): TeacherStatus | null {
  const statusText = enumText(src.status);
  const status: TeacherStatus | null = statusText !== null && isOneOf(TEACHER_STATUSES, statusText) ? statusText : null;
  if (status === null) {
    const detail = cx.sentAs('status') ?? (statusText === null ? 'status is empty' : `unknown status ${quote(trimmedOrNull(src.status) ?? '')}`);
    cx.problems.push({ code: 'STATUS_UNKNOWN', detail });
  }
  return status;
}

/** The updatedAt as read, or null when it cannot be believed: unreadable, or too far after the time of the run. */
function readUpdatedAt(src: ReadTeacher, opts: ValidationOptions): { updatedAtMs: number | null; fromTheFuture: boolean } {
  const readAtMs = parseRfc3339(src.updatedAt);
  const fromTheFuture = readAtMs !== null && opts.asOfMs !== undefined && readAtMs > opts.asOfMs + UPDATED_AT_MAX_AHEAD_MS;
  return { updatedAtMs: fromTheFuture ? null : readAtMs, fromTheFuture };
}

function updatedAtProblem(cx: FieldCheck, src: ReadTeacher, read: { updatedAtMs: number | null; fromTheFuture: boolean }): void {
  if (read.fromTheFuture) {
    cx.problems.push({ code: 'UPDATED_AT_INVALID', detail: `updatedAt ${quote(src.updatedAt ?? '')} is more than a day after the time of the run` });
  } else if (read.updatedAtMs === null) {
    const detail = cx.sentAs('updatedAt') ??
      (trimmedOrNull(src.updatedAt) === null ? 'updatedAt is empty' : `updatedAt ${quote(src.updatedAt ?? '')} is not an RFC 3339 date-time`);
    cx.problems.push({ code: 'UPDATED_AT_INVALID', detail });
  }
}

function readGenderOf(cx: FieldCheck, src: ReadTeacher): NormalisedTeacher['gender'] {
  const gender = readGender(src.gender);
  const genderSentAs = cx.sentAs('gender');
  if (genderSentAs !== null) cx.problems.push({ code: 'SCHEMA_INVALID', detail: genderSentAs });
  else if (!gender.known) cx.problems.push({ code: 'SCHEMA_INVALID', detail: `unknown gender ${quote(src.gender ?? '')}` });
  return gender.gender;
}

/** Checks and normalises one record; every field is checked, and every problem said, in the order of the fields. */
export function validateTeacher(src: ReadTeacher, opts: ValidationOptions = {}): ValidatedTeacher {
  const cx = fieldCheck(src);
  const read = readUpdatedAt(src, opts);
  if (UNPRINTABLE_ID.test(src.teacherId)) {
    cx.problems.push({ code: 'SCHEMA_INVALID', detail: 'teacherId contains white space, control or invisible characters' });
  }
  const name = readName(cx, src);
  const identity = readIdentity(cx, src, read.updatedAtMs ?? opts.asOfMs ?? Infinity);
  const gender = readGenderOf(cx, src);
  const mobile = boundedText(cx, 'mobile', normaliseMobile(src.mobile), MOBILE_MAX_CHARS);
  const email = boundedText(cx, 'email', normaliseEmail(src.email), EMAIL_MAX_CHARS);
  const codeSentAs = cx.sentAs('institutionCode');
  const code = checkInstitutionCode(src.institutionCode, opts.categories ?? DEFAULT_INSTITUTION_CATEGORIES);
  if (codeSentAs !== null) cx.problems.push({ code: 'CODE_MALFORMED', detail: codeSentAs });
  else if (!code.ok) cx.problems.push(code.problem);
  const institutionName = boundedText(cx, 'institutionName', tidySchoolName(src.institutionName), INSTITUTION_NAME_MAX_CHARS);
  // A county code that is not six digits is dropped: the registry's county of the code is the
  // truth, the given one only routes reports when the code is unknown.
  const countySentAs = cx.sentAs('countyCode');
  if (countySentAs !== null) cx.problems.push({ code: 'SCHEMA_INVALID', detail: countySentAs });
  const status = readStatus(cx, src);
  updatedAtProblem(cx, src, read);
  const teacher: NormalisedTeacher = {
    teacherId: src.teacherId, name, idType: identity.idType, idNumber: identity.idNumber, gender, mobile, email,
    institutionCode: code.ok ? code.code : code.cleaned, institutionName, countyCode: normaliseCountyCode(src.countyCode), status,
    updatedAtMs: read.updatedAtMs ?? 0,
  };
  return { teacher, problems: cx.problems, identityValid: identity.idType !== null && identity.ok };
}
