import { describe, expect, it } from 'vitest';
import { validateTeacher } from '../../src/core/teacher-validation.js';
import type { SourceTeacher } from '../../src/core/types.js';

const good: SourceTeacher = {
  teacherId: 'T00012345',
  name: '张 三',
  idType: 'resident_id',
  idNumber: '33010219800101123x',
  gender: 'M',
  mobile: '13800000000',
  email: null,
  institutionCode: '２１３３０００１２３',
  institutionName: '杭州市胜利小学（钱江校区）',
  countyCode: '330102',
  status: 'active',
  updatedAt: '2026-11-20T10:00:00+08:00',
};

const variant = (patch: Partial<SourceTeacher>): SourceTeacher => ({ ...good, ...patch });

describe('validateTeacher', () => {
  it('normalises the contract sample into a valid record', () => {
    expect(validateTeacher(good)).toEqual({
      teacher: {
        teacherId: 'T00012345',
        name: '张三',
        idType: 'resident_id',
        idNumber: '33010219800101123X',
        gender: 'M',
        mobile: '13800000000',
        email: null,
        institutionCode: '2133000123',
        institutionName: '杭州市胜利小学（钱江校区）',
        countyCode: '330102',
        status: 'active',
        updatedAtMs: Date.UTC(2026, 10, 20, 2, 0, 0),
      },
      problems: [],
      identityValid: true,
    });
  });

  it('lists every problem of a bad record, in field order, and keeps what it could read', () => {
    const result = validateTeacher({
      teacherId: 'T9',
      name: ' \u3000 ',
      idType: 'resident_id',
      idNumber: '110105194912310021',
      gender: 'x',
      mobile: null,
      email: '  ',
      institutionCode: '21330001２',
      institutionName: '  ',
      countyCode: '33010',
      status: 'transferred',
      updatedAt: 'yesterday',
    });
    expect(result.problems).toEqual([
      { code: 'NAME_MISSING', detail: 'name is empty' },
      { code: 'ID_NUMBER_INVALID', detail: 'check character should be X' },
      { code: 'CODE_MALFORMED', detail: 'institution code has 9 digits, expected 10' },
      { code: 'STATUS_UNKNOWN', detail: 'unknown status "transferred"' },
      { code: 'UPDATED_AT_INVALID', detail: 'updatedAt "yesterday" is not an RFC 3339 date-time' },
    ]);
    expect(result.teacher).toEqual({
      teacherId: 'T9',
      name: null,
      idType: 'resident_id',
      idNumber: '110105194912310021',
      gender: null,
      mobile: null,
      email: null,
      institutionCode: '213300012',
      institutionName: null,
      countyCode: null,
      status: null,
      updatedAtMs: 0,
    });
    expect(result.identityValid).toBe(false);
  });

  it('reports an unknown type, a missing number and a missing code together', () => {
    const result = validateTeacher(variant({ idType: 'military_id', idNumber: null, institutionCode: null, updatedAt: null, status: null }));
    expect(result.problems).toEqual([
      { code: 'ID_TYPE_UNKNOWN', detail: 'unknown ID type "military_id"' },
      { code: 'ID_NUMBER_MISSING', detail: 'ID number is empty' },
      { code: 'CODE_MISSING', detail: 'institution code is empty' },
      { code: 'STATUS_UNKNOWN', detail: 'status is empty' },
      { code: 'UPDATED_AT_INVALID', detail: 'updatedAt is empty' },
    ]);
    expect(result.teacher.idType).toBeNull();
    expect(result.identityValid).toBe(false);
  });

  it('keeps a cleaned number when the type is unknown, and cannot judge it', () => {
    const result = validateTeacher(variant({ idType: null }));
    expect(result.problems).toEqual([{ code: 'ID_TYPE_UNKNOWN', detail: 'ID type is empty' }]);
    expect(result.teacher.idNumber).toBe('33010219800101123X');
    expect(result.identityValid).toBe(false);
  });

  it('keeps identity valid when only other fields are wrong', () => {
    const result = validateTeacher(variant({ name: null, institutionCode: '9933000123' }));
    expect(result.problems.map((p) => p.code)).toEqual(['NAME_MISSING', 'CODE_MALFORMED']);
    expect(result.identityValid).toBe(true);
    expect(result.teacher.institutionCode).toBe('9933000123');
  });

  it('upgrades a 15-digit resident number', () => {
    const result = validateTeacher(variant({ idNumber: '130503670401001' }));
    expect(result.teacher.idNumber).toBe('130503196704010016');
    expect(result.problems).toEqual([]);
  });

  it('passes the category list through', () => {
    const result = validateTeacher(good, { categories: ['34'] });
    expect(result.problems).toEqual([{ code: 'CODE_MALFORMED', detail: 'institution code starts with unknown school category 21' }]);
  });

  it('truncates a long unexpected value it echoes', () => {
    const result = validateTeacher(variant({ status: 'x'.repeat(50) }));
    expect(result.problems).toEqual([{ code: 'STATUS_UNKNOWN', detail: `unknown status "${'x'.repeat(40)}…"` }]);
  });

  describe('name', () => {
    it.each([
      ['100 characters is fine', '张'.repeat(100), []],
      ['101 characters is too long', '张'.repeat(101), [{ code: 'SCHEMA_INVALID', detail: 'name too long (101 characters, at most 100)' }]],
      ['length counts characters, not UTF-16 units', '𠀀'.repeat(100), []],
      ['null', null, [{ code: 'NAME_MISSING', detail: 'name is empty' }]],
    ])('%s', (_label, name, problems) => {
      expect(validateTeacher(variant({ name })).problems).toEqual(problems);
    });
  });

  describe('gender', () => {
    it.each([
      ['M', 'M', 'M'],
      ['F', 'F', 'F'],
      ['lower-case m', 'm', 'M'],
      ['lower-case f with spaces', ' f ', 'F'],
      ['unknown', 'U', null],
      ['unspecified (passport X)', 'X', null],
      ['Chinese male', '男', 'M'],
      ['Chinese female', ' 女 ', 'F'],
      ['GB/T 2261.1 code 1', '1', 'M'],
      ['GB/T 2261.1 code 2', '2', 'F'],
      ['GB/T 2261.1 code 9 (not stated)', '9', null],
      ['English word', 'Female', 'F'],
      ['null', null, null],
    ])('%s', (_label, gender, expected) => {
      const result = validateTeacher(variant({ gender }));
      expect(result.teacher.gender).toBe(expected);
      expect(result.problems).toEqual([]);
    });
  });

  it.each([
    ['a word', 'yes', 'unknown gender "yes"'],
    ['a formula', '=1+1', 'unknown gender "=1+1"'],
    ['a number of a person', '13800000000', 'unknown gender "13*******00"'],
  ])('quarantines a gender nobody can read: %s', (_label, gender, detail) => {
    const result = validateTeacher(variant({ gender }));
    expect(result.teacher.gender).toBeNull();
    expect(result.problems).toEqual([{ code: 'SCHEMA_INVALID', detail }]);
  });

  describe('mobile', () => {
    it.each([
      ['plain', '13800000000', '13800000000'],
      ['spaces and dashes', '138-0000 0000', '13800000000'],
      ['full-width digits and dash', '１３８－００００－００００', '13800000000'],
      ['+86 prefix', '+86 138 0000 0000', '13800000000'],
      ['86 prefix', '8613800000000', '13800000000'],
      ['0086 prefix', '0086-13800000000', '13800000000'],
      ['86 without a full mobile stays', '86123', '86123'],
      ['Hong Kong number kept', '+852 9123 4567', '+85291234567'],
      ['landline kept', '0571-87654321', '057187654321'],
      ['dashes only', ' - ', null],
      ['null', null, null],
    ])('%s', (_label, mobile, expected) => {
      const result = validateTeacher(variant({ mobile }));
      expect(result.teacher.mobile).toBe(expected);
      expect(result.problems).toEqual([]);
    });
  });

  describe('other fields', () => {
    it.each<[string, Partial<SourceTeacher>, Partial<ReturnType<typeof validateTeacher>['teacher']>]>([
      ['email trimmed and lower-cased', { email: '  Zhang.San@Example.CN ' }, { email: 'zhang.san@example.cn' }],
      ['empty email', { email: '' }, { email: null }],
      ['institution name only trimmed', { institutionName: ' 杭州市胜利小学（钱江校区）\u3000' }, { institutionName: '杭州市胜利小学（钱江校区）' }],
      ['institution name keeps full-width text', { institutionName: 'ＡＢＣ学校' }, { institutionName: 'ＡＢＣ学校' }],
      ['county code full-width', { countyCode: '３３０１０２' }, { countyCode: '330102' }],
      ['county code with a space', { countyCode: '330 102' }, { countyCode: '330102' }],
      ['county code 5 digits', { countyCode: '33010' }, { countyCode: null }],
      ['county code with letters', { countyCode: '33O102' }, { countyCode: null }],
      ['status left', { status: 'left' }, { status: 'left' }],
      ['status retired', { status: 'retired' }, { status: 'retired' }],
      ['id type with spaces', { idType: ' resident_id ' }, { idType: 'resident_id' }],
    ])('%s', (_label, patch, expected) => {
      const result = validateTeacher(variant(patch));
      expect(result.problems).toEqual([]);
      expect(result.teacher).toMatchObject(expected);
    });
  });

  describe('updatedAt', () => {
    it.each([
      ['offset +08:00', '2026-11-20T10:00:00+08:00', Date.UTC(2026, 10, 20, 2, 0, 0)],
      ['Z', '2026-11-20T02:00:00Z', Date.UTC(2026, 10, 20, 2, 0, 0)],
      ['lower-case t and z', '2026-11-20t02:00:00z', Date.UTC(2026, 10, 20, 2, 0, 0)],
      ['negative offset', '2026-11-19T21:30:00-04:30', Date.UTC(2026, 10, 20, 2, 0, 0)],
      ['fraction of a second', '2026-11-20T02:00:00.1234Z', Date.UTC(2026, 10, 20, 2, 0, 0, 123)],
      ['leap day', '2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ])('reads %s', (_label, updatedAt, ms) => {
      const result = validateTeacher(variant({ updatedAt }));
      expect(result.problems).toEqual([]);
      expect(result.teacher.updatedAtMs).toBe(ms);
    });

    it.each([
      ['no offset', '2026-11-20T10:00:00'],
      ['date only', '2026-11-20'],
      ['month 13', '2026-13-20T10:00:00Z'],
      ['30 February', '2026-02-30T10:00:00Z'],
      ['hour 24', '2026-11-20T24:00:00Z'],
      ['offset without colon', '2026-11-20T10:00:00+0800'],

      ['English date', 'Fri, 20 Nov 2026 02:00:00 GMT'],
    ])('rejects %s', (_label, updatedAt) => {
      const result = validateTeacher(variant({ updatedAt }));
      expect(result.problems).toEqual([{ code: 'UPDATED_AT_INVALID', detail: `updatedAt ${JSON.stringify(updatedAt)} is not an RFC 3339 date-time` }]);
      expect(result.teacher.updatedAtMs).toBe(0);
    });

    describe('against the time of the run', () => {
      const asOfMs = Date.UTC(2026, 10, 20, 2, 0, 0);
      it.each([
        ['a year ahead', '2027-11-20T10:00:00+08:00', false],
        ['in the year 2999', '2999-01-01T00:00:00Z', false],
        ['an hour ahead (a clock running fast)', '2026-11-20T11:00:00+08:00', true],
        ['a day ahead exactly', '2026-11-21T10:00:00+08:00', true],
        ['in the past', '2020-01-01T00:00:00Z', true],
      ])('%s', (_label, updatedAt, ok) => {
        const result = validateTeacher(variant({ updatedAt }), { asOfMs });
        if (ok) {
          expect(result.problems).toEqual([]);
          expect(result.teacher.updatedAtMs).toBeGreaterThan(0);
        } else {
          // Read as unknown: a record from the future must not carry the delta cursor past real changes.
          expect(result.problems).toEqual([{ code: 'UPDATED_AT_INVALID', detail: `updatedAt ${JSON.stringify(updatedAt)} is more than a day after the time of the run` }]);
          expect(result.teacher.updatedAtMs).toBe(0);
        }
      });

      it('is not judged when the caller gives no time', () => {
        expect(validateTeacher(variant({ updatedAt: '2999-01-01T00:00:00Z' })).problems).toEqual([]);
      });

      it('judges a birth date by the time of the run when updatedAt is unreadable', () => {
        const first17 = '33010220270101123';
        const sum = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2].reduce((n, w, i) => n + w * Number(first17[i]), 0);
        const idNumber = first17 + '10X98765432'[sum % 11]!;
        const result = validateTeacher(variant({ idNumber, updatedAt: 'never' }), { asOfMs });
        expect(result.problems.map((p) => p.code)).toEqual(['ID_NUMBER_INVALID', 'UPDATED_AT_INVALID']);
        expect(result.identityValid).toBe(false);
        expect(validateTeacher(variant({ idNumber })).problems).toEqual([{ code: 'ID_NUMBER_INVALID', detail: 'birth date is in the future' }]);
      });
    });

    it('masks a long run of digits it quotes: it may be a mobile or ID number typed in the wrong field', () => {
      const result = validateTeacher(variant({ updatedAt: '1763604000000' }));
      expect(result.problems).toEqual([{ code: 'UPDATED_AT_INVALID', detail: 'updatedAt "17*********00" is not an RFC 3339 date-time' }]);
    });
  });

  it('never puts an ID number or mobile into a problem detail', () => {
    const result = validateTeacher(variant({ idNumber: '110105194912310021', mobile: '13800000000', name: null, status: 'gone' }));
    for (const p of result.problems) {
      expect(p.detail).not.toContain('110105194912310021');
      expect(p.detail).not.toContain('13800000000');
    }
  });
});
