import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charCount } from '../../src/core/compact-text.js';
import { ID_NUMBER_KEEP_CHARS, INSTITUTION_NAME_MAX_CHARS, NAME_MAX_CHARS, validateTeacher } from '../../src/core/teacher-validation.js';
import { ID_TYPES, TEACHER_STATUSES, type ValidatedTeacher } from '../../src/core/types.js';
import { toSourceTeacher, toTeacherPage } from '../../src/platforms/teacher-training/teacher-training.mapping.js';
import { hostileTeachers, type HostileTeacher } from '../support/hostile-corpus.js';

const BASE = { institutionCode: '2133000123', institutionName: '杭州市胜利小学', countyCode: '330102' };
const corpus = hostileTeachers(BASE);

// Nothing a reader cannot see or that reorders text may reach a problem detail.
const UNSHOWN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/u;

/** What the stored row and the sealed personal data can hold: the columns of migrations 0004 and 0011. */
function expectFitsColumns(v: ValidatedTeacher): void {
  const t = v.teacher;
  expect(charCount(t.name ?? '')).toBeLessThanOrEqual(NAME_MAX_CHARS + 1);
  expect((t.name ?? '').length).toBeLessThanOrEqual(300);
  expect(charCount(t.institutionName ?? '')).toBeLessThanOrEqual(INSTITUTION_NAME_MAX_CHARS + 1);
  expect((t.institutionName ?? '').length).toBeLessThanOrEqual(300);
  expect((t.institutionCode ?? '').length).toBeLessThanOrEqual(64);
  expect(t.countyCode === null || /^[0-9]{6}$/.test(t.countyCode)).toBe(true);
  expect(charCount(t.idNumber ?? '')).toBeLessThanOrEqual(ID_NUMBER_KEEP_CHARS + 1);
  // Sealed together in a TEXT column (64 KiB): even escaped, they stay far below it.
  expect(JSON.stringify([t.idNumber, t.mobile, t.email]).length).toBeLessThan(4000);
  for (const p of v.problems) {
    expect(p.detail.length).toBeLessThanOrEqual(1000);
    expect(p.detail).not.toMatch(UNSHOWN);
    expect(p.detail).not.toMatch(/[0-9]{11,}/);
  }
}

const codesOf = (v: ValidatedTeacher) => [...new Set(v.problems.map((p) => p.code))].sort();

describe('the hostile teacher corpus', () => {
  it('has at least 200 records, each with a reason and a distinct label', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((e) => `${e.category}: ${e.why}`)).size).toBe(corpus.length);
    for (const e of corpus) expect(e.why.length).toBeGreaterThan(3);
  });

  it('is the same every time it is built', () => {
    expect(JSON.stringify(hostileTeachers(BASE))).toBe(JSON.stringify(corpus));
  });

  it.each(corpus.map((e) => [`${e.category}: ${e.why}`, e] as const))('%s', (_label, entry: HostileTeacher) => {
    const mapped = toSourceTeacher(entry.record);
    const expected = entry.expect;
    if (expected.kind === 'rejected') {
      expect(mapped).toEqual({ rejected: true, teacherId: null, reason: expected.reason });
      return;
    }
    if ('rejected' in mapped) throw new Error(`rejected: ${mapped.reason}`);
    expect(mapped.teacherId).toBe(entry.teacherId);
    const v = validateTeacher(mapped);
    expectFitsColumns(v);
    switch (expected.kind) {
      case 'quarantined':
        expect(codesOf(v), JSON.stringify(v.problems)).toEqual([...new Set(expected.codes)].sort());
        if (expected.detail) expect(v.problems.some((p) => expected.detail!.test(p.detail))).toBe(true);
        break;
      case 'accepted':
        expect(v.problems).toEqual([]);
        if (expected.account) expect(v.teacher).toMatchObject(expected.account);
        break;
      case 'refused':
      case 'held':
      case 'superseded':
        // Nothing wrong with the record itself: what happens to it is decided later (page, plan, push).
        expect(v.problems).toEqual([]);
        break;
    }
  });

  it('keeps the later of two entries of a teacherId in one page and rejects the earlier with a reason', () => {
    const page = toTeacherPage(corpus.map((e) => e.record));
    const superseded = corpus.filter((e) => e.expect.kind === 'superseded');
    expect(superseded.length).toBeGreaterThanOrEqual(3);
    const withId = page.rejected.filter((r) => r.teacherId !== null);
    expect(withId.map((r) => r.teacherId).sort()).toEqual(superseded.map((e) => e.teacherId).sort());
    for (const r of withId) expect(r.reason).toMatch(/^teacherId listed again later in the same page \(item \d+ of \d+\); the later entry is used$/);
    expect(page.rejected.length).toBe(corpus.filter((e) => e.expect.kind === 'rejected').length + superseded.length);
    expect(page.records.length + page.rejected.length).toBe(corpus.length);
    const ids = page.records.map((r) => r.teacherId);
    expect(new Set(ids).size).toBe(ids.length);
    // The entry kept is the later one: its name is the later name.
    const kept = page.records.find((r) => r.teacherId === superseded[0]!.teacherId);
    expect(kept?.name).toBe('后写的名字');
  });

  it('says what type a field was sent as instead of calling it empty', () => {
    const mapped = toSourceTeacher({ teacherId: 'T1', name: true, idNumber: 330102198001011234, institutionCode: ['2133000123'], mobile: { n: 1 } });
    if ('rejected' in mapped) throw new Error('rejected');
    const details = validateTeacher(mapped).problems.map((p) => `${p.code}: ${p.detail}`);
    expect(details).toEqual(expect.arrayContaining([
      'NAME_MISSING: name was sent as a boolean, not text',
      'ID_NUMBER_INVALID: ID number was sent as a number too large to be read exactly',
      'SCHEMA_INVALID: mobile was sent as an object, not text',
      'CODE_MALFORMED: institution code was sent as an array, not text',
    ]));
  });

  it('names the length of a value it keeps cut, and the cut shows', () => {
    const mapped = toSourceTeacher({ ...(corpus.find((e) => e.expect.kind === 'accepted')!.record as object), name: '张'.repeat(10_240), institutionName: '学'.repeat(500), idNumber: '9'.repeat(10_240) });
    if ('rejected' in mapped) throw new Error('rejected');
    const v = validateTeacher(mapped);
    expect(v.teacher.name).toBe(`${'张'.repeat(NAME_MAX_CHARS)}…`);
    expect(v.teacher.institutionName).toBe(`${'学'.repeat(INSTITUTION_NAME_MAX_CHARS)}…`);
    expect(v.teacher.idNumber).toBe(`${'9'.repeat(ID_NUMBER_KEEP_CHARS)}…`);
    expect(v.problems.map((p) => p.detail)).toEqual(expect.arrayContaining([
      'name too long (10240 characters, at most 100)',
      'institution name too long (500 characters, at most 100)',
      'length 10240, expected 18 or 15',
    ]));
  });

  it('escapes invisible and bidi characters in the values a detail quotes', () => {
    const mapped = toSourceTeacher({ ...(corpus.find((e) => e.expect.kind === 'accepted')!.record as object), status: 'act\u202eive\u0000' });
    if ('rejected' in mapped) throw new Error('rejected');
    const v = validateTeacher(mapped);
    expect(v.problems).toEqual([{ code: 'STATUS_UNKNOWN', detail: 'unknown status "act\\u202eive\\u0000"' }]);
  });
});

/** Any JSON value in any field of a record: the rules must answer, never throw, and keep within the columns. */
describe('any record at all', () => {
  const FIELDS = ['name', 'idType', 'idNumber', 'gender', 'mobile', 'email', 'institutionCode', 'institutionName', 'countyCode', 'status', 'updatedAt'];
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('=1+1', ' ', '２１３３０００１２３', '2133000123'));
  const value = fc.oneof(text, fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined));
  const record = fc.record(Object.fromEntries([['teacherId', fc.oneof(fc.string({ unit: 'binary', maxLength: 70 }), fc.jsonValue({ maxDepth: 0 }))], ...FIELDS.map((f) => [f, value])]), { requiredKeys: [] });

  it('is mapped and validated without throwing, within the columns, and valid only when every field is', () => {
    fc.assert(
      fc.property(record, (raw) => {
        const mapped = toSourceTeacher(raw);
        if ('rejected' in mapped) {
          expect(mapped.reason).toMatch(/^teacherId is /);
          return;
        }
        expect(mapped.teacherId.length).toBeLessThanOrEqual(64);
        const v = validateTeacher(mapped);
        expectFitsColumns(v);
        if (v.problems.length === 0) {
          expect(ID_TYPES).toContain(v.teacher.idType);
          expect(TEACHER_STATUSES).toContain(v.teacher.status);
          expect(v.teacher.institutionCode).toMatch(/^[0-9]{10}$/);
          expect(v.teacher.name).not.toBeNull();
          expect(v.identityValid).toBe(true);
        }
      }),
      { numRuns: 2000, seed: 20261120 },
    );
  });
});
