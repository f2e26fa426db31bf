/**
 * A corpus of hostile records for the teacher-training platform (教师培训管理平台) and the
 * institution code registry (全国机构编码系统), with what the daemon must make of each. It is built
 * in code rather than kept as JSON because several values are 10 kB long, and deterministically:
 * the same base gives the same records, teacherIds and ID numbers.
 *
 * Every entry says why it is there and what must become of it:
 * - `rejected`: not taken at all (no usable teacherId, or not an object); recorded as a
 *   SCHEMA_INVALID problem without a teacherId, with exactly `reason`.
 * - `superseded`: an earlier entry of a teacherId listed again later in the same page; recorded
 *   with its teacherId, the later entry is used.
 * - `quarantined`: stored, not pushed; the record's problems have exactly the codes `codes`.
 * - `accepted`: valid after normalisation and pushed; the account holds `account`.
 * - `refused`: valid here, refused by the student-record platform; recorded with `code`.
 * - `held`: valid, not pushed for a recorded reason (`code`: no school carries the code, or the
 *   same person has a later record).
 */
import type { ProblemCode } from '../../src/core/types.js';
import { residentIdCheckChar, type AccountRecord } from '../../src/simulators/index.js';

export interface CorpusBase {
  /** A code the registry lists as active and exactly one active student-record school carries. */
  institutionCode: string;
  /** Its registry name. */
  institutionName: string;
  countyCode: string;
}

/** What a test expects the platform to hold for an accepted record. */
export type AccountFields = Pick<AccountRecord, 'name' | 'idType' | 'idNumber' | 'gender' | 'mobile' | 'email'>;

export type TeacherOutcome =
  | { kind: 'rejected'; reason: string }
  | { kind: 'superseded'; reason: RegExp }
  | { kind: 'quarantined'; codes: readonly ProblemCode[]; detail?: RegExp }
  | { kind: 'accepted'; account?: Partial<AccountFields> }
  | { kind: 'refused'; code: ProblemCode }
  | { kind: 'held'; code: ProblemCode };

export interface HostileTeacher {
  category: string;
  why: string;
  /** Exactly what the platform serves: any JSON value. */
  record: unknown;
  /** The teacherId the daemon reads from the record; null when it cannot read one. */
  teacherId: string | null;
  expect: TeacherOutcome;
}

/** Codes that no school of the simulators' world uses: formula-named registry entries and codes nobody carries. */
export const FREE_CODES = {
  formulaRegistryName: '2133999001',
  plusRegistryName: '2133999002',
  duplicatedInRegistry: '2133999003',
  notInRegistry: '2133999999',
  otherProvince: '2111999001',
} as const;

/** Payloads that must reach the county reports (so that their neutralisation is tested), each unique. */
export const REPORT_PAYLOADS = {
  enteredSchoolName: '=HYPERLINK("http://x.example","school")',
  registryName: '=HYPERLINK("http://registry.example","registry")',
  teacherName: '=HYPERLINK("http://name.example","name")',
  teacherId: '@SUM(A1)',
  plusSchoolName: '+1+1',
  minusSchoolName: '-2+3',
  tabSchoolName: '\t=1',
  fullWidthSchoolName: '＝1+1',
  nulSchoolName: '\u0000=2+2',
  htmlSchoolName: '<script>alert("x")</script>胜利小学',
  imgSchoolName: '<img src=x onerror=alert(1)>小学',
} as const;

const MISSING = 'MISSING-FIELD';
const UPDATED_AT = '2026-10-01T09:00:00+08:00';
const TEN_KB = 10_240;

const SQL_DROP = "'; DROP TABLE teacher; --";
const SQL_OR = "' OR 1=1 --";

/** An 18-character resident number born `n` days after 1970-01-01, valid by the simulators' own copy of GB 11643. */
export function residentId(n: number, region = '330102'): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + n * 86_400_000);
  const ymd = `${birth.getUTCFullYear()}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`;
  const first17 = `${region}${ymd}123`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid 18-character number with the check character replaced by a wrong one. */
function wrongCheck(id: string): string {
  const right = id.slice(-1);
  return id.slice(0, 17) + (right === '0' ? '1' : '0');
}

/** A residence-permit number of 18 characters (GB 11643 layout) starting with `prefix`. */
function permitNumber(prefix: string, n: number): string {
  const first17 = `${prefix}${String(19800101 + n).padStart(8, '0')}${String(n % 1000).padStart(3, '0')}`.slice(0, 17);
  return first17 + residentIdCheckChar(first17);
}

class Builder {
  readonly entries: HostileTeacher[] = [];
  private seq = 0;

  constructor(private readonly base: CorpusBase) {}

  /** A record that is valid in every field, with a teacherId and person of its own. */
  valid(teacherId: string, n: number): Record<string, unknown> {
    return {
      teacherId,
      name: '测试教师',
      idType: 'resident_id',
      idNumber: residentId(n),
      gender: 'F',
      mobile: `139${String(n).padStart(8, '0')}`,
      email: null,
      institutionCode: this.base.institutionCode,
      institutionName: this.base.institutionName,
      countyCode: this.base.countyCode,
      status: 'active',
      updatedAt: UPDATED_AT,
    };
  }

  /**
   * One entry: a valid record with `patch` laid over it (a value of MISSING drops the field).
   * Returns the teacherId it was given.
   */
  add(category: string, why: string, patch: Record<string, unknown>, expect: TeacherOutcome): string {
    const n = ++this.seq;
    const id = `HX${String(n).padStart(4, '0')}`;
    const record: Record<string, unknown> = { ...this.valid(id, n), ...patch };
    for (const [k, v] of Object.entries(record)) if (v === MISSING) delete record[k];
    const teacherId = typeof record['teacherId'] === 'string' ? record['teacherId'] : null;
    this.entries.push({ category, why, record, teacherId, expect });
    return id;
  }

  /** An entry whose record is exactly `record`, not built on a valid one. */
  raw(category: string, why: string, record: unknown, teacherId: string | null, expect: TeacherOutcome): void {
    this.seq++;
    this.entries.push({ category, why, record, teacherId, expect });
  }

  /** The number the next `add` uses for its person, for records that must share or avoid a person. */
  get nextN(): number {
    return this.seq + 1;
  }
}

const quarantined = (...codes: ProblemCode[]): TeacherOutcome => ({ kind: 'quarantined', codes });
const accepted = (account?: Partial<AccountFields>): TeacherOutcome => ({ kind: 'accepted', ...(account ? { account } : {}) });
const refused: TeacherOutcome = { kind: 'refused', code: 'PUSH_VALIDATION_FAILED' };
const noSchool: TeacherOutcome = { kind: 'held', code: 'NO_TARGET_SCHOOL' };

/** The code a field's problem has when the field cannot be read at all. */
const UNREADABLE_CODE: Record<string, ProblemCode> = {
  name: 'NAME_MISSING', idType: 'ID_TYPE_UNKNOWN', idNumber: 'ID_NUMBER_INVALID', gender: 'SCHEMA_INVALID',
  mobile: 'SCHEMA_INVALID', email: 'SCHEMA_INVALID', institutionCode: 'CODE_MALFORMED', institutionName: 'SCHEMA_INVALID',
  countyCode: 'SCHEMA_INVALID', status: 'STATUS_UNKNOWN', updatedAt: 'UPDATED_AT_INVALID',
};
/** The code a field's problem has when it is null, missing or empty; null when that is fine. */
const EMPTY_CODE: Record<string, ProblemCode | null> = {
  name: 'NAME_MISSING', idType: 'ID_TYPE_UNKNOWN', idNumber: 'ID_NUMBER_MISSING', gender: null, mobile: null, email: null,
  institutionCode: 'CODE_MISSING', institutionName: null, countyCode: null, status: 'STATUS_UNKNOWN', updatedAt: 'UPDATED_AT_INVALID',
};
const FIELDS = Object.keys(UNREADABLE_CODE);

/** The hostile teacher records, duplicates first so that each pair shares a page. */
export function hostileTeachers(base: CorpusBase): HostileTeacher[] {
  const b = new Builder(base);

  // --- duplicate teacherIds in one pull ------------------------------------------------------------
  {
    const n = b.nextN;
    const id = `HXDUP${n}`;
    b.raw('duplicate', 'teacherId listed twice in one page: the earlier entry', { ...b.valid(id, n), name: '先写的名字' }, id, { kind: 'superseded', reason: /^teacherId listed again later in the same page/ });
    b.raw('duplicate', 'teacherId listed twice in one page: the later entry', { ...b.valid(id, n), name: '后写的名字' }, id, accepted({ name: '后写的名字' }));
    const m = b.nextN;
    const tri = `HXTRI${m}`;
    for (const [i, name] of ['第一', '第二'].entries()) {
      b.raw('duplicate', `teacherId listed three times in one page: entry ${i + 1}`, { ...b.valid(tri, m), name }, tri, { kind: 'superseded', reason: /^teacherId listed again later/ });
    }
    b.raw('duplicate', 'teacherId listed three times in one page: the last entry', { ...b.valid(tri, m), name: '第三' }, tri, accepted({ name: '第三' }));
    // The same person under two teacherIds: the later-updated record wins, the other is reported.
    const p = b.nextN;
    b.raw('duplicate', 'same person under two teacherIds: the older record', { ...b.valid(`HXSAME${p}A`, p), updatedAt: '2026-09-01T09:00:00+08:00' }, `HXSAME${p}A`, { kind: 'held', code: 'DUPLICATE_PERSON' });
    b.raw('duplicate', 'same person under two teacherIds: the newer record', { ...b.valid(`HXSAME${p}B`, p), updatedAt: '2026-10-01T09:00:00+08:00' }, `HXSAME${p}B`, accepted());
  }

  // --- records that are not objects, and unreadable teacherIds ----------------------------------
  for (const [why, record, kind] of [
    ['a string', 'T00000001', 'string'], ['a number', 42, 'number'], ['null', null, 'null'], ['an array', [{ teacherId: 'T1' }], 'array'],
    ['a boolean', true, 'boolean'],
  ] as const) {
    b.raw('not-object', `the record is ${why}`, record, null, { kind: 'rejected', reason: `record is ${kind}, not an object` });
  }
  b.add('teacher-id', 'teacherId missing', { teacherId: MISSING }, { kind: 'rejected', reason: 'teacherId is missing' });
  b.add('teacher-id', 'teacherId null', { teacherId: null }, { kind: 'rejected', reason: 'teacherId is of type null, not a string' });
  b.add('teacher-id', 'teacherId empty', { teacherId: '' }, { kind: 'rejected', reason: 'teacherId is empty' });
  b.add('teacher-id', 'teacherId blank', { teacherId: ' \u3000 ' }, { kind: 'rejected', reason: 'teacherId is empty' });
  b.add('teacher-id', 'teacherId a boolean', { teacherId: true }, { kind: 'rejected', reason: 'teacherId is of type boolean, not a string' });
  b.add('teacher-id', 'teacherId an array', { teacherId: ['HX1'] }, { kind: 'rejected', reason: 'teacherId is of type array, not a string' });
  b.add('teacher-id', 'teacherId an object', { teacherId: { id: 'HX1' } }, { kind: 'rejected', reason: 'teacherId is of type object, not a string' });
  b.add('teacher-id', 'teacherId a fraction', { teacherId: 1.5 }, { kind: 'rejected', reason: 'teacherId is of type number, not a string' });
  b.add('teacher-id', 'teacherId a number beyond 2^53', { teacherId: 12345678901234567890 }, { kind: 'rejected', reason: 'teacherId is of type number, not a string' });
  b.add('teacher-id', 'teacherId 10 kB long', { teacherId: `HX${'9'.repeat(TEN_KB)}` }, { kind: 'rejected', reason: `teacherId is ${TEN_KB + 2} characters long, at most 64` });
  b.add('teacher-id', 'teacherId 65 characters', { teacherId: `HX${'8'.repeat(63)}` }, { kind: 'rejected', reason: 'teacherId is 65 characters long, at most 64' });
  {
    const n = b.nextN;
    b.raw('teacher-id', 'teacherId 64 characters', b.valid(`HX${'7'.repeat(62)}`, n), `HX${'7'.repeat(62)}`, accepted());
  }
  {
    const n = b.nextN;
    b.raw('teacher-id', 'teacherId a safe integer', { ...b.valid('x', n), teacherId: 880001 }, '880001', accepted());
  }
  {
    const n = b.nextN;
    b.raw('teacher-id', 'teacherId a negative integer', { ...b.valid('x', n), teacherId: -880002 }, '-880002', accepted());
  }
  for (const [why, id] of [
    ['with a NUL', 'HX\u0000NUL'], ['with a bell and escape', 'HX\u0007\u001b'], ['with a space', 'HX 0001'], ['with CR LF', 'HX\r\n2'],
    ['with a bidi override', 'HX\u202eLTR'], ['with a zero-width space', 'HX\u200bZW'], ['with a line separator', 'HX\u2028LS'],
    ['SQL with spaces', "T1' OR '1'='1"],
  ] as const) {
    const n = b.nextN;
    b.raw('teacher-id', `teacherId ${why}`, b.valid(id, n), id, quarantined('SCHEMA_INVALID'));
  }
  for (const [why, id] of [
    ['an emoji', 'HX😀'], ['Chinese', 'HX教师'], ['a path', 'HX/../1'], ['SQL without spaces', "T1';--"], ['a formula', REPORT_PAYLOADS.teacherId],
    ['a full-width formula', '＝HX1'],
  ] as const) {
    const n = b.nextN;
    // Fine here; the student-record platform takes only letters, digits and . _ : - in its key.
    b.raw('teacher-id', `teacherId ${why}`, b.valid(id, n), id, refused);
  }

  // --- every field of the wrong JSON type -------------------------------------------------------
  const validField = (field: string) => b.valid('x', 1)[field];
  for (const field of FIELDS) {
    for (const [kind, value] of [
      ['a boolean', true], ['an array', [validField(field)]], ['an object', { value: validField(field) }],
    ] as const) {
      b.add('wrong-type', `${field} is ${kind}`, { [field]: value }, quarantined(UNREADABLE_CODE[field]!));
    }
  }
  b.add('wrong-type', 'name is a number', { name: 4711 }, quarantined('SCHEMA_INVALID'));
  b.add('wrong-type', 'idType is a number', { idType: 1 }, quarantined('ID_TYPE_UNKNOWN'));
  b.add('wrong-type', 'an 18-digit idNumber as a JSON number (digits lost in parsing)', { idNumber: 330102198001011234 }, quarantined('ID_NUMBER_INVALID'));
  b.add('wrong-type', 'a 15-digit idNumber as a JSON number (exact)', { idNumber: 330102650101123 }, accepted({ idNumber: `33010219650101123${residentIdCheckChar('33010219650101123')}` }));
  b.add('wrong-type', 'gender as the GB/T 2261.1 number 2', { gender: 2 }, accepted({ gender: 'F' }));
  b.add('wrong-type', 'mobile as a number', { mobile: 13912340001 }, accepted({ mobile: '13912340001' }));
  b.add('wrong-type', 'email as a number', { email: 42 }, refused);
  b.add('wrong-type', 'institutionCode as a number', { institutionCode: Number(base.institutionCode) }, accepted());
  b.add('wrong-type', 'institutionName as a number', { institutionName: 12345 }, accepted());
  b.add('wrong-type', 'countyCode as a number', { countyCode: Number(base.countyCode) }, accepted());
  b.add('wrong-type', 'status as a number', { status: 1 }, quarantined('STATUS_UNKNOWN'));
  b.add('wrong-type', 'updatedAt as epoch milliseconds', { updatedAt: 1763604000000 }, quarantined('UPDATED_AT_INVALID'));
  b.add('wrong-type', 'every field an object at once', Object.fromEntries(FIELDS.map((f) => [f, {}])), quarantined(...new Set(FIELDS.map((f) => UNREADABLE_CODE[f]!))));

  // --- null, missing and empty ------------------------------------------------------------------
  for (const [label, value] of [['null', null], ['missing', MISSING], ['an empty string', ''], ['white space only', ' \t\u3000']] as const) {
    for (const field of FIELDS) {
      const code = EMPTY_CODE[field] ?? null;
      const outcome = code === null ? accepted(field === 'gender' || field === 'mobile' || field === 'email' ? { [field]: null } : undefined) : quarantined(code);
      b.add(label === 'missing' ? 'missing' : label === 'null' ? 'null' : 'empty', `${field} ${label}`, { [field]: value }, outcome);
    }
  }

  // --- 10 kB values -----------------------------------------------------------------------------
  b.add('long', 'name of 10 kB Han characters', { name: '张'.repeat(TEN_KB) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'name of 10 kB Latin letters', { name: 'A'.repeat(TEN_KB) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'name of 10 kB astral characters', { name: '𠀀'.repeat(TEN_KB) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'name of 10 kB emoji', { name: '😀'.repeat(TEN_KB) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'name of 101 characters', { name: '张'.repeat(101) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'idType of 10 kB', { idType: 'r'.repeat(TEN_KB) }, quarantined('ID_TYPE_UNKNOWN'));
  b.add('long', 'idNumber of 10 kB digits', { idNumber: '3'.repeat(TEN_KB) }, quarantined('ID_NUMBER_INVALID'));
  b.add('long', 'idNumber of 10 kB NUL characters', { idNumber: '\u0000'.repeat(TEN_KB) }, quarantined('ID_NUMBER_INVALID'));
  b.add('long', 'passport number of 10 kB', { idType: 'passport', idNumber: 'E'.repeat(TEN_KB) }, quarantined('ID_NUMBER_INVALID'));
  b.add('long', 'gender of 10 kB', { gender: 'M'.repeat(TEN_KB) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'mobile of 10 kB digits', { mobile: '1'.repeat(TEN_KB) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'mobile of 10 kB control characters', { mobile: '\u0007'.repeat(TEN_KB) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'email of 10 kB', { email: `${'a'.repeat(TEN_KB)}@example.cn` }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'institutionCode of 10 kB digits', { institutionCode: '2'.repeat(TEN_KB) }, quarantined('CODE_MALFORMED'));
  b.add('long', 'institutionName of 10 kB', { institutionName: '胜利小学'.repeat(TEN_KB / 4) }, quarantined('SCHEMA_INVALID'));
  b.add('long', 'countyCode of 10 kB (dropped: the registry routes)', { countyCode: '3'.repeat(TEN_KB) }, accepted());
  b.add('long', 'status of 10 kB', { status: 'active'.repeat(TEN_KB / 6) }, quarantined('STATUS_UNKNOWN'));
  b.add('long', 'updatedAt of 10 kB', { updatedAt: '2'.repeat(TEN_KB) }, quarantined('UPDATED_AT_INVALID'));
  b.add('long', 'every text field 10 kB of NUL at once', Object.fromEntries(FIELDS.map((f) => [f, '\u0000'.repeat(TEN_KB)])),
    quarantined('NAME_MISSING', 'ID_TYPE_UNKNOWN', 'SCHEMA_INVALID', 'CODE_MALFORMED', 'STATUS_UNKNOWN', 'UPDATED_AT_INVALID'));

  // --- control, invisible and bidi characters ----------------------------------------------------
  b.add('control', 'NUL inside a name', { name: '张\u0000三' }, accepted({ name: '张三' }));
  b.add('control', 'bell and escape inside a Latin name', { name: 'Li\u0007 \u001bWei' }, accepted({ name: 'Li Wei' }));
  b.add('control', 'ANSI colour sequence in a name', { name: '\u001b[31m王五\u001b[0m' }, quarantined('SCHEMA_INVALID'));
  b.add('control', 'CR LF inside a name', { name: '张\r\n三' }, accepted({ name: '张三' }));
  b.add('control', 'line separator inside a name', { name: '张\u2028三' }, accepted({ name: '张三' }));
  b.add('control', 'paragraph separator around a name', { name: '\u2029李四\u2029' }, accepted({ name: '李四' }));
  b.add('control', 'bidi override before a name', { name: '\u202e张三' }, accepted({ name: '张三' }));
  b.add('control', 'bidi override inside a Latin name', { name: 'Anna\u202eLee' }, accepted({ name: 'AnnaLee' }));
  b.add('control', 'bidi isolates around a name', { name: '\u2066王五\u2069' }, accepted({ name: '王五' }));
  b.add('control', 'soft hyphen and zero-width joiner in a name', { name: '赵\u00ad\u200d六' }, accepted({ name: '赵六' }));
  b.add('control', 'C1 control inside a name', { name: 'Ann\u0085a' }, accepted({ name: 'Anna' }));
  b.add('control', 'an unpaired surrogate in a name', { name: '张\ud800三' }, quarantined('SCHEMA_INVALID'));
  b.add('control', 'a private-use character in a name', { name: '张\ue000三' }, quarantined('SCHEMA_INVALID'));
  b.add('control', 'control characters only as a name', { name: '\u0000\u0007\u001b' }, quarantined('NAME_MISSING'));
  b.add('control', 'NUL inside an institution code', { institutionCode: `${base.institutionCode.slice(0, 5)}\u0000${base.institutionCode.slice(5)}` }, quarantined('CODE_MALFORMED'));
  b.add('control', 'bidi override and zero-width space in an institution code', { institutionCode: `\u202e${base.institutionCode.slice(0, 4)}\u200b${base.institutionCode.slice(4)}` }, accepted());
  b.add('control', 'NUL in an ID number', { idNumber: `${residentId(b.nextN).slice(0, 9)}\u0000${residentId(b.nextN).slice(9)}` }, quarantined('ID_NUMBER_INVALID'));
  b.add('control', 'zero-width space and BOM in an ID number', { idNumber: `\ufeff${residentId(b.nextN).slice(0, 9)}\u200b${residentId(b.nextN).slice(9)}` }, accepted({ idNumber: residentId(b.nextN) }));
  b.add('control', 'NUL after the status', { status: 'active\u0000' }, quarantined('STATUS_UNKNOWN'));
  b.add('control', 'CR LF after the status', { status: 'active\r\n' }, accepted());
  b.add('control', 'zero-width space inside the ID type', { idType: 'resident\u200b_id' }, accepted());
  b.add('control', 'NUL inside the ID type', { idType: 'resident_id\u0000' }, quarantined('ID_TYPE_UNKNOWN'));
  b.add('control', 'escape in updatedAt', { updatedAt: `${UPDATED_AT}\u001b` }, quarantined('UPDATED_AT_INVALID'));
  b.add('control', 'NUL and bidi override in the school name', { institutionName: `\u202e${base.institutionName}\u0000` }, accepted());
  b.add('control', 'CR LF inside the school name', { institutionName: `${base.institutionName}\r\n（本部）` }, accepted());
  b.add('control', 'escape and bell in the mobile', { mobile: '139\u001b0000\u00070001' }, refused);
  b.add('control', 'NUL in the e-mail address', { email: 'a\u0000b@example.cn' }, refused);

  // --- emoji, astral and rare characters ----------------------------------------------------------
  b.add('emoji', 'emoji after a name', { name: '张三😀' }, quarantined('SCHEMA_INVALID'));
  b.add('emoji', 'an emoji as the whole name', { name: '😀' }, quarantined('SCHEMA_INVALID'));
  b.add('emoji', 'a ZWJ family emoji in a name', { name: '王👨‍👩‍👧' }, quarantined('SCHEMA_INVALID'));
  b.add('emoji', 'a flag in a name', { name: '李🇨🇳' }, quarantined('SCHEMA_INVALID'));
  b.add('emoji', 'an Extension B ideograph (a real name character)', { name: '𠀀明' }, accepted({ name: '𠀀明' }));
  b.add('emoji', 'an Extension B ideograph surname', { name: '𪚥华' }, accepted({ name: '𪚥华' }));
  b.add('emoji', 'emoji in the school name (not judged: the report shows it)', { institutionName: `${base.institutionName}🏫` }, accepted());
  b.add('emoji', 'emoji in the institution code', { institutionCode: `${base.institutionCode}😀` }, quarantined('CODE_MALFORMED'));
  b.add('emoji', 'emoji in the ID number', { idNumber: `${residentId(b.nextN).slice(0, 17)}😀` }, quarantined('ID_NUMBER_INVALID'));
  b.add('emoji', 'emoji in the status', { status: 'active😀' }, quarantined('STATUS_UNKNOWN'));
  b.add('emoji', 'mathematical bold digits in the institution code (NFKC folds them)', { institutionCode: [...base.institutionCode].map((d) => String.fromCodePoint(0x1d7ce + Number(d))).join('') }, accepted());

  // --- SQL injection ------------------------------------------------------------------------------
  b.add('sql', 'DROP TABLE as a name', { name: SQL_DROP }, quarantined('SCHEMA_INVALID'));
  b.add('sql', 'OR 1=1 as a name', { name: SQL_OR }, quarantined('SCHEMA_INVALID'));
  b.add('sql', 'Bobby Tables', { name: "Robert'); DROP TABLE teacher;--" }, quarantined('SCHEMA_INVALID'));
  b.add('sql', 'DROP TABLE as the school name (not judged; stored as text)', { institutionName: SQL_DROP }, accepted());
  b.add('sql', 'OR 1=1 as the ID type', { idType: SQL_OR }, quarantined('ID_TYPE_UNKNOWN'));
  b.add('sql', 'OR 1=1 as the ID number', { idNumber: SQL_OR }, quarantined('ID_NUMBER_INVALID'));
  b.add('sql', 'DROP TABLE after the status', { status: `active${SQL_DROP}` }, quarantined('STATUS_UNKNOWN'));
  b.add('sql', 'OR 1=1 after the institution code', { institutionCode: `${base.institutionCode}${SQL_OR}` }, quarantined('CODE_MALFORMED'));
  b.add('sql', 'DROP TABLE in the county code (dropped)', { countyCode: SQL_DROP }, accepted());
  b.add('sql', 'DROP TABLE in the e-mail address', { email: `x@y.cn${SQL_DROP}` }, refused);
  b.add('sql', 'DROP TABLE in the gender', { gender: SQL_DROP }, quarantined('SCHEMA_INVALID'));
  b.add('sql', 'UNION SELECT in updatedAt', { updatedAt: "' UNION SELECT pii_enc FROM teacher --" }, quarantined('UPDATED_AT_INVALID'));

  // --- formula injection --------------------------------------------------------------------------
  const formulas = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '＝1+1', ' =1+1', '=cmd|" /C calc"!A0', "=1+1'"];
  for (const f of formulas) b.add('formula', `formula ${JSON.stringify(f)} as a name`, { name: f }, quarantined('SCHEMA_INVALID'));
  const schoolPayloads = [
    REPORT_PAYLOADS.enteredSchoolName, REPORT_PAYLOADS.plusSchoolName, REPORT_PAYLOADS.minusSchoolName, REPORT_PAYLOADS.tabSchoolName,
    REPORT_PAYLOADS.fullWidthSchoolName, REPORT_PAYLOADS.nulSchoolName, '@SUM(A1)胜利小学', '\r=1+1',
  ];
  for (const f of schoolPayloads) {
    // The school name is not judged: the teacher is pushed, and the name reaches the county report.
    b.add('formula', `formula ${JSON.stringify(f)} as the school name`, { institutionName: f }, accepted());
  }
  b.add('formula', 'formula name with a wrong ID number (its row reaches the county report)', { name: REPORT_PAYLOADS.teacherName, idNumber: wrongCheck(residentId(b.nextN)) }, quarantined('SCHEMA_INVALID', 'ID_NUMBER_INVALID'));
  b.add('formula', 'formula as the ID type', { idType: '=1+1' }, quarantined('ID_TYPE_UNKNOWN'));
  b.add('formula', 'formula as the status', { status: '=HYPERLINK("http://x","active")' }, quarantined('STATUS_UNKNOWN'));
  b.add('formula', 'formula as the institution code', { institutionCode: '=2133000123' }, quarantined('CODE_MALFORMED'));
  b.add('formula', 'formula as the county code (dropped)', { countyCode: '=330102' }, accepted());
  b.add('formula', 'formula school name at a code in the registry under a formula name',
    { institutionCode: FREE_CODES.formulaRegistryName, institutionName: REPORT_PAYLOADS.plusSchoolName }, noSchool);
  b.add('html', 'script tag as the school name (the mail must escape it)', { institutionName: REPORT_PAYLOADS.htmlSchoolName }, accepted());
  b.add('html', 'img onerror as the school name', { institutionName: REPORT_PAYLOADS.imgSchoolName }, accepted());
  b.add('html', 'script tag as a name', { name: '<script>alert(1)</script>' }, quarantined('SCHEMA_INVALID'));

  // --- mixed scripts and look-alikes --------------------------------------------------------------
  b.add('script', 'Cyrillic А inside a Latin name', { name: 'Аlice Wang' }, quarantined('SCHEMA_INVALID'));
  b.add('script', 'Greek ο inside a Latin name', { name: 'Jοhn Li' }, quarantined('SCHEMA_INVALID'));
  b.add('script', 'a Russian name', { name: 'Иван Петров' }, accepted({ name: 'Иван Петров' }));
  b.add('script', 'a Greek word beside a Latin word', { name: 'Σοφία Li' }, accepted({ name: 'Σοφία Li' }));
  b.add('script', 'Han and Latin together', { name: '张Wei' }, accepted({ name: '张Wei' }));
  b.add('script', 'a Uyghur name with an interpunct', { name: '买买提 · 艾力' }, accepted({ name: '买买提·艾力' }));
  b.add('script', 'apostrophe and hyphen in a Latin name', { name: "Mary-Jane O'Neil" }, accepted({ name: "Mary-Jane O'Neil" }));
  b.add('script', 'a Vietnamese name with combining marks', { name: 'Nguye\u0302\u0303n Va\u0306n An' }, accepted());
  b.add('script', 'combining marks stacked on one letter', { name: 'Z\u0334\u0321\u0322\u031ba' }, quarantined('SCHEMA_INVALID'));
  b.add('script', 'full-width Latin letters (kept as written)', { name: 'Ｊｏｈｎ Ｓｍｉｔｈ' }, accepted({ name: 'Ｊｏｈｎ Ｓｍｉｔｈ' }));
  b.add('script', 'Kangxi radical look-alike of 金 (folded)', { name: '⾦三' }, accepted({ name: '金三' }));
  b.add('script', 'a compatibility ideograph (kept as written)', { name: '\uf900明' }, accepted({ name: '\uf900明' }));
  b.add('script', 'letter O for digit 0 in the code', { institutionCode: `${base.institutionCode.slice(0, 4)}O${base.institutionCode.slice(5)}` }, quarantined('CODE_MALFORMED'));
  b.add('script', 'Arabic-Indic digits in the code', { institutionCode: [...base.institutionCode].map((d) => String.fromCharCode(0x660 + Number(d))).join('') }, quarantined('CODE_MALFORMED'));
  b.add('script', 'letter l for digit 1 in the ID number', { idNumber: residentId(b.nextN).replace(/1/, 'l') }, quarantined('ID_NUMBER_INVALID'));

  // --- institution codes ----------------------------------------------------------------------------
  const code = base.institutionCode;
  b.add('code', '9 digits', { institutionCode: code.slice(0, 9) }, quarantined('CODE_MALFORMED'));
  b.add('code', '11 digits', { institutionCode: `${code}0` }, quarantined('CODE_MALFORMED'));
  b.add('code', 'letters', { institutionCode: 'ABCDEFGHIJ' }, quarantined('CODE_MALFORMED'));
  b.add('code', 'full-width digits', { institutionCode: [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('') }, accepted());
  b.add('code', 'spaces and an ideographic space inside', { institutionCode: ` ${code.slice(0, 4)} ${code.slice(4, 7)}\u3000${code.slice(7)} ` }, accepted());
  b.add('code', 'unknown school category 99', { institutionCode: `99${code.slice(2)}` }, quarantined('CODE_MALFORMED'));
  b.add('code', 'another province (well-formed: no school carries it)', { institutionCode: FREE_CODES.otherProvince }, noSchool);
  b.add('code', 'all zeros', { institutionCode: '0000000000' }, quarantined('CODE_MALFORMED'));
  b.add('code', 'negative number', { institutionCode: -Number(code) }, quarantined('CODE_MALFORMED'));
  b.add('code', 'a fraction', { institutionCode: Number(code) + 0.5 }, quarantined('CODE_MALFORMED'));
  b.add('code', 'exponent notation as text', { institutionCode: `${code[0]}.${code.slice(1)}e9` }, quarantined('CODE_MALFORMED'));
  b.add('code', 'a number beyond 2^53', { institutionCode: 21330001230000000000 }, quarantined('CODE_MALFORMED'));
  b.add('code', 'hyphenated', { institutionCode: `${code.slice(0, 4)}-${code.slice(4)}` }, quarantined('CODE_MALFORMED'));
  b.add('code', 'a plus sign before it', { institutionCode: `+${code}` }, quarantined('CODE_MALFORMED'));
  b.add('code', 'hexadecimal', { institutionCode: '0x7F1A2B3C' }, quarantined('CODE_MALFORMED'));
  b.add('code', 'well-formed, not in the registry, no school', { institutionCode: FREE_CODES.notInRegistry }, noSchool);

  // --- ID numbers per ID type -----------------------------------------------------------------------
  const rid = (n = b.nextN) => residentId(n);
  b.add('id-number', 'resident: 17 digits', { idNumber: rid().slice(0, 17) }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'resident: 19 characters', { idNumber: `${rid()}0` }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'resident: wrong check character', { idNumber: wrongCheck(rid()) }, quarantined('ID_NUMBER_INVALID'));
  {
    const first17 = '33010219801332123';
    b.add('id-number', 'resident: month 13', { idNumber: first17 + residentIdCheckChar(first17) }, quarantined('ID_NUMBER_INVALID'));
  }
  {
    const first17 = '33010218990101123';
    b.add('id-number', 'resident: born in 1899', { idNumber: first17 + residentIdCheckChar(first17) }, quarantined('ID_NUMBER_INVALID'));
  }
  {
    const first17 = '33010220900101123';
    b.add('id-number', 'resident: born after the record was updated', { idNumber: first17 + residentIdCheckChar(first17) }, quarantined('ID_NUMBER_INVALID'));
  }
  b.add('id-number', 'resident: a letter inside', { idNumber: `${rid().slice(0, 8)}A${rid().slice(9)}` }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'resident: X not at the end', { idNumber: `${rid().slice(0, 10)}X${rid().slice(11)}` }, quarantined('ID_NUMBER_INVALID'));
  {
    const first17 = '33010219800101123';
    const x = first17 + residentIdCheckChar(first17);
    // 33010219800101123 has check character X: typed lower-case, it is the same number.
    b.add('id-number', 'resident: lower-case x', { idNumber: x.toLowerCase() }, accepted({ idNumber: x }));
  }
  b.add('id-number', 'resident: full-width digits', { idNumber: [...rid()].map((c) => (/[0-9]/.test(c) ? String.fromCharCode(0xff10 + Number(c)) : c)).join('') }, accepted({ idNumber: rid() }));
  b.add('id-number', 'resident: 15-digit number (upgraded)', { idNumber: '330102660202123' }, accepted({ idNumber: `33010219660202123${residentIdCheckChar('33010219660202123')}` }));
  b.add('id-number', 'resident: 15 digits with a bad date', { idNumber: '330102661302123' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'resident: 15 characters with a letter', { idNumber: '33010266020212X' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'resident: all zeros', { idNumber: '000000000000000000' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'resident: a negative number', { idNumber: -330102650101124 }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'resident: a fraction', { idNumber: 3301026501.5 }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'resident number under the passport type (18 characters)', { idType: 'passport' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'Hong Kong permit: valid', { idType: 'hk_macao_permit', idNumber: 'H60000001' }, accepted({ idType: 'hk_macao_permit', idNumber: 'H60000001' }));
  b.add('id-number', 'Macao permit: lower-case letter', { idType: 'hk_macao_permit', idNumber: 'm60000002' }, accepted({ idNumber: 'M60000002' }));
  b.add('id-number', 'Hong Kong permit: 7 digits', { idType: 'hk_macao_permit', idNumber: 'H6000003' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'Hong Kong permit: wrong letter', { idType: 'hk_macao_permit', idNumber: 'X60000004' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'Hong Kong residence permit: wrong check character', { idType: 'hk_macao_permit', idNumber: wrongCheck(permitNumber('810000', 5)) }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'Hong Kong residence permit: valid', { idType: 'hk_macao_permit', idNumber: permitNumber('810000', 6) }, accepted());
  b.add('id-number', 'Taiwan permit: 8 digits', { idType: 'taiwan_permit', idNumber: '60000007' }, accepted());
  b.add('id-number', 'Taiwan permit: 7 digits', { idType: 'taiwan_permit', idNumber: '6000008' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'Taiwan permit: letter and 8 digits', { idType: 'taiwan_permit', idNumber: 'A60000009' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'Taiwan residence permit: wrong check character', { idType: 'taiwan_permit', idNumber: wrongCheck(permitNumber('830000', 10)) }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'passport with spaces (folded)', { idType: 'passport', idNumber: 'E 6000 0011' }, accepted({ idNumber: 'E60000011' }));
  b.add('id-number', 'passport in lower case and full width', { idType: 'passport', idNumber: 'ｅ６０００００１２' }, accepted({ idNumber: 'E60000012' }));
  b.add('id-number', 'passport of 4 characters', { idType: 'passport', idNumber: 'E601' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'passport with a hyphen', { idType: 'passport', idNumber: 'E-60000013' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'passport in Chinese', { idType: 'passport', idNumber: '护照六零零零零一四' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'foreign permanent residence card (2004)', { idType: 'foreign_permanent', idNumber: 'usa600000000015' }, accepted({ idNumber: 'USA600000000015' }));
  b.add('id-number', 'foreign permanent card: 2 letters', { idType: 'foreign_permanent', idNumber: 'US6000000000016' }, quarantined('ID_NUMBER_INVALID'));
  b.add('id-number', 'foreign permanent card (2023): wrong check character', { idType: 'foreign_permanent', idNumber: wrongCheck(permitNumber('933000', 17)) }, quarantined('ID_NUMBER_INVALID'));

  // --- ID type, status and gender values --------------------------------------------------------------
  b.add('enum', 'ID type in capitals', { idType: 'RESIDENT_ID' }, accepted({ idType: 'resident_id' }));
  b.add('enum', 'ID type in full-width letters', { idType: 'ｒｅｓｉｄｅｎｔ＿ｉｄ' }, accepted({ idType: 'resident_id' }));
  b.add('enum', 'ID type unknown', { idType: 'military_id' }, quarantined('ID_TYPE_UNKNOWN'));
  b.add('enum', 'ID type in Chinese', { idType: '身份证' }, quarantined('ID_TYPE_UNKNOWN'));
  b.add('enum', 'ID type with a hyphen', { idType: 'resident-id' }, quarantined('ID_TYPE_UNKNOWN'));
  b.add('enum', 'status in capitals', { status: 'ACTIVE' }, accepted());
  b.add('enum', 'status padded', { status: '  Active\t' }, accepted());
  b.add('enum', 'status unknown', { status: 'transferred' }, quarantined('STATUS_UNKNOWN'));
  b.add('enum', 'status in Chinese', { status: '在职' }, quarantined('STATUS_UNKNOWN'));
  b.add('enum', 'two statuses', { status: 'active,left' }, quarantined('STATUS_UNKNOWN'));
  b.add('enum', 'gender as a word', { gender: 'male' }, accepted({ gender: 'M' }));
  b.add('enum', 'gender in Chinese', { gender: '女' }, accepted({ gender: 'F' }));
  b.add('enum', 'gender unspecified X', { gender: 'x' }, accepted({ gender: null }));
  b.add('enum', 'gender unreadable', { gender: 'yes' }, quarantined('SCHEMA_INVALID'));
  b.add('enum', 'gender with a NUL', { gender: 'M\u0000' }, quarantined('SCHEMA_INVALID'));

  // --- updatedAt ------------------------------------------------------------------------------------------
  for (const [why, value] of [
    ['no offset', '2026-10-01T09:00:00'], ['month 13, day 45', '2026-13-45T00:00:00+08:00'], ['30 February', '2026-02-30T09:00:00+08:00'],
    ['date only', '2026-10-01'], ['a word', 'yesterday'], ['offset +25:00', '2026-10-01T09:00:00+25:00'], ['year zero', '0000-00-00T00:00:00Z'],
    ['an English date', 'Thu, 01 Oct 2026 01:00:00 GMT'], ['epoch seconds as text', '1790000000'],
  ] as const) {
    b.add('updated-at', `updatedAt ${why}`, { updatedAt: value }, quarantined('UPDATED_AT_INVALID'));
  }
  b.add('updated-at', 'updatedAt with fractions and Z', { updatedAt: '2026-10-01T01:00:00.123456Z' }, accepted());

  // --- contact details the student-record platform refuses --------------------------------------------------
  b.add('contact', 'mobile with letters', { mobile: 'call me' }, refused);
  b.add('contact', 'e-mail without an @', { email: 'not-an-address' }, refused);
  b.add('contact', 'mobile with +86 and dashes (folded)', { mobile: '+86 139-1234-0002' }, accepted({ mobile: '13912340002' }));

  return b.entries;
}

// --- the registry --------------------------------------------------------------------------------------

export interface RegistryRow {
  code: string;
  name: string;
  countyCode: string;
  category: string;
  status: 'active' | 'revoked';
}

/** `row`: what the row maps to; `stored`: what the snapshot holds after the pull, when a later row changed it. */
export type InstitutionOutcome = { kind: 'rejected'; reason: RegExp } | { kind: 'accepted'; row: RegistryRow; stored?: Partial<RegistryRow> };

export interface HostileInstitution {
  category: string;
  why: string;
  record: unknown;
  expect: InstitutionOutcome;
}

/** Hostile registry rows as its API would serve them, with what the snapshot must make of each. */
export function hostileInstitutions(base: Pick<CorpusBase, 'countyCode'>): HostileInstitution[] {
  const out: HostileInstitution[] = [];
  const county = base.countyCode;
  let seq = 0;
  const freeCode = () => `21339991${String(++seq).padStart(2, '0')}`;
  const row = (over: Record<string, unknown>) => ({ code: freeCode(), name: '某某学校', countyCode: county, category: '21', status: 'active', ...over });
  const reject = (category: string, why: string, record: unknown, reason: RegExp) => out.push({ category, why, record, expect: { kind: 'rejected', reason } });
  const accept = (category: string, why: string, record: Record<string, unknown>, rowOut: Partial<RegistryRow> = {}, stored?: Partial<RegistryRow>) => {
    const r = record as { code: string; name: string; countyCode: string };
    const mapped: RegistryRow = { code: r.code.trim(), name: r.name, countyCode: r.countyCode.trim(), category: r.code.trim().slice(0, 2), status: 'active', ...rowOut };
    out.push({ category, why, record, expect: { kind: 'accepted', row: mapped, ...(stored ? { stored } : {}) } });
  };

  for (const [why, record, kind] of [['a string', 'x', 'string'], ['a number', 42, 'number'], ['null', null, 'null'], ['an array', [], 'array']] as const) {
    reject('not-object', `the row is ${why}`, record, new RegExp(`^row is ${kind}, not an object$`));
  }
  // codes
  reject('code', '9 digits', row({ code: '213399910' }), /code: must be 10 digits/);
  reject('code', '11 digits', row({ code: '21339991001' }), /code 21339991001: code: must be 10 digits/);
  reject('code', 'letters', row({ code: 'ABCDEFGHIJ' }), /code: must be 10 digits/);
  reject('code', 'full-width digits', row({ code: '２１３３９９９１９１' }), /code: must be 10 digits/);
  reject('code', 'a space inside', row({ code: '2133 999192' }), /code: must be 10 digits/);
  reject('code', 'a number', row({ code: 2133999193 }), /code: /);
  reject('code', 'null', row({ code: null }), /code: /);
  reject('code', 'missing', (({ code: _c, ...r }) => r)(row({})), /code: /);
  reject('code', 'negative', row({ code: '-213399919' }), /code: must be 10 digits/);
  reject('code', 'a fraction', row({ code: '2133999194.0' }), /code: must be 10 digits/);
  reject('code', 'exponent notation', row({ code: '2.133999195e9' }), /code: must be 10 digits/);
  reject('code', 'a formula', row({ code: '=2133999196' }), /code: must be 10 digits/);
  reject('code', 'SQL', row({ code: "2133999197'; DROP TABLE registry_institution; --" }), /code: must be 10 digits/);
  accept('code', 'padded with spaces and a tab', row({ code: ' 2133999198\t' }));
  accept('code', 'all zeros (the registry is the truth about codes)', row({ code: '0000000000', category: '00' }));
  accept('code', 'another province', row({ code: '2111999199', category: '21' }));
  // county codes
  reject('county', '5 digits', row({ countyCode: '33010' }), /countyCode: must be 6 digits/);
  reject('county', '7 digits', row({ countyCode: '3301021' }), /countyCode: must be 6 digits/);
  reject('county', 'letter O', row({ countyCode: '33O102' }), /countyCode: must be 6 digits/);
  reject('county', 'empty', row({ countyCode: '' }), /countyCode: must be 6 digits/);
  reject('county', 'null', row({ countyCode: null }), /countyCode: /);
  reject('county', 'a number', row({ countyCode: 330102 }), /countyCode: /);
  reject('county', '10 kB', row({ countyCode: '3'.repeat(TEN_KB) }), /countyCode: must be 6 digits/);
  accept('county', 'padded', row({ countyCode: ` ${county} ` }));
  // categories
  reject('category', "not the code's first two digits", row({ category: '31' }), /category: must be the code's first two digits/);
  reject('category', 'one digit', row({ category: '2' }), /category: must be 2 digits/);
  reject('category', 'letters', row({ category: 'ab' }), /category: must be 2 digits/);
  accept('category', 'missing (derived from the code)', (({ category: _c, ...r }) => r)(row({})));
  accept('category', 'empty (derived from the code)', row({ category: '' }));
  // statuses
  reject('status', 'unknown', row({ status: 'closed' }), /status: /);
  reject('status', 'empty', row({ status: '' }), /status: /);
  reject('status', 'null', row({ status: null }), /status: /);
  reject('status', 'Chinese', row({ status: '撤销' }), /status: /);
  accept('status', 'capitals and spaces', row({ status: ' ACTIVE ' }));
  accept('status', 'revoked', row({ status: 'Revoked' }), { status: 'revoked' });
  // names
  reject('name', 'empty', row({ name: '' }), /name: must not be empty/);
  reject('name', 'control characters only', row({ name: '\u0000\u200b\u0007' }), /name: must not be empty/);
  reject('name', '10 kB', row({ name: '学'.repeat(TEN_KB) }), /name: must be at most 300 characters/);
  reject('name', 'a number', row({ name: 12345 }), /name: /);
  reject('name', 'an object', row({ name: { zh: '学校' } }), /name: /);
  accept('name', 'a formula (neutralised where it is shown)', row({ code: FREE_CODES.formulaRegistryName, name: REPORT_PAYLOADS.registryName }));
  accept('name', 'a plus formula', row({ code: FREE_CODES.plusRegistryName, name: '+1+1' }));
  accept('name', 'a line break and a NUL', row({ name: '两行\r\n名字\u0000' }));
  accept('name', 'a bidi override', row({ name: '\u202e学小利胜' }));
  accept('name', 'SQL', row({ name: SQL_DROP }));
  accept('name', '300 characters', row({ name: '学'.repeat(300) }));
  // the same code twice: the later row stands
  accept('duplicate', 'a code listed twice: the earlier row', row({ code: FREE_CODES.duplicatedInRegistry, name: '先登记的名称' }), {}, { name: '后登记的名称' });
  accept('duplicate', 'a code listed twice: the later row', row({ code: FREE_CODES.duplicatedInRegistry, name: '后登记的名称' }));
  return out;
}

export interface HostileCsv {
  /** Lines to append after a valid header and valid rows (line terminators not included). */
  lines: string[];
  accepted: RegistryRow[];
  /** Offsets into `lines` (0-based) of the first line of each rejected record, with why. */
  rejected: { offset: number; reason: RegExp }[];
}

/**
 * Hostile rows of the registry's CSV export (REGISTRY_FILE). The unterminated quote is last, as it
 * swallows everything after it.
 */
export function hostileRegistryCsv(base: Pick<CorpusBase, 'countyCode'>): HostileCsv {
  const c = base.countyCode;
  const lines: string[] = [];
  const accepted: RegistryRow[] = [];
  const rejected: HostileCsv['rejected'] = [];
  const ok = (text: string | string[], r: Omit<RegistryRow, 'countyCode' | 'category' | 'status'> & Partial<RegistryRow>) => {
    lines.push(...(Array.isArray(text) ? text : [text]));
    accepted.push({ countyCode: c, category: r.code.slice(0, 2), status: 'active', ...r });
  };
  const bad = (text: string, reason: RegExp) => {
    rejected.push({ offset: lines.length, reason });
    lines.push(text);
  };
  ok(`2133998101,"=HYPERLINK(""http://csv.example"",""y"")",${c},21,active`, { code: '2133998101', name: '=HYPERLINK("http://csv.example","y")' });
  ok(`2133998102,+1+1,${c},21,ACTIVE`, { code: '2133998102', name: '+1+1' });
  ok(`2133998103,@SUM(A1),${c},,active`, { code: '2133998103', name: '@SUM(A1)' });
  ok(`2133998104,-2+3,${c},21,revoked`, { code: '2133998104', name: '-2+3', status: 'revoked' });
  ok([`2133998105,"两行`, `的名字",${c},21,active`], { code: '2133998105', name: '两行\n的名字' });
  ok(`2133998106,含\u0000空字符,${c},21,active`, { code: '2133998106', name: '含\u0000空字符' });
  ok(`" 2133998107 ","带""引号""的, 名称",${c},21,active`, { code: '2133998107', name: '带"引号"的, 名称' });
  ok(`2133998108,\u202e学小,${c},21,active`, { code: '2133998108', name: '\u202e学小' });
  ok(`2133998109,'=1+1,${c},21,active`, { code: '2133998109', name: "'=1+1" });
  ok(`2133998110,学校😀,${c},21,active`, { code: '2133998110', name: '学校😀' });
  bad(`2133998111,胜利小学,钱江校区,${c},21,active`, /row has 6 fields, the header has 5/);
  bad(`2133998112,只有三列,${c}`, /row has 3 fields, the header has 5/);
  bad(`2133998113,"abc"def,${c},21,active`, /text after a closing quote/);
  bad(`21339981140,多一位,${c},21,active`, /code 21339981140: code: must be 10 digits/);
  bad(`２１３３９９８１１５,全角,${c},21,active`, /code: must be 10 digits/);
  bad(`2133998116,县码五位,33010,21,active`, /countyCode: must be 6 digits/);
  bad(`2133998117,类别不符,${c},31,active`, /category: must be the code's first two digits/);
  bad(`2133998118,已关闭,${c},21,closed`, /status: /);
  bad(`2133998119,,${c},21,active`, /name: must not be empty/);
  bad(`2133998120,${'学'.repeat(TEN_KB)},${c},21,active`, /name: must be at most 300 characters/);
  bad(`-2133998121,负数,${c},21,active`, /code: must be 10 digits/);
  bad(`2.133998122e9,指数,${c},21,active`, /code: must be 10 digits/);
  bad(',,,,', /code: must be 10 digits/);
  bad('code,name,countyCode,category,status', /code: must be 10 digits/);
  bad(`2133998123,"=1+1",${c},21,active,extra`, /row has 6 fields, the header has 5/);
  lines.push('');
  bad(`2133998199,"未闭合,${c},21,active`, /not closed before the end of the file/);
  lines.push(`2133998198,被吞掉的行,${c},21,active`);
  return { lines, accepted, rejected };
}
