import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityKey, isIdentityKey, personKey, pickWinner } from '../../src/core/identity.js';

describe('identityKey', () => {
  it.each([
    ['resident ID', 'resident_id', '11010519491231002X', 'resident_id:11010519491231002X'],
    ['passport', 'passport', 'E12345678', 'passport:E12345678'],
  ] as const)('%s', (_label, idType, idNumber, key) => {
    expect(identityKey(idType, idNumber)).toBe(key);
  });

  it('keeps the same number under two types apart', () => {
    expect(identityKey('passport', '12345678')).not.toBe(identityKey('taiwan_permit', '12345678'));
  });
});

describe('pickWinner', () => {
  const r = (teacherId: string, updatedAtMs: number) => ({ teacherId, updatedAtMs });

  it.each([
    ['a single record', [r('T1', 5)], 'T1', []],
    ['latest update wins', [r('T1', 5), r('T2', 9), r('T3', 7)], 'T2', ['T3', 'T1']],
    ['tie goes to the smaller teacherId', [r('T2', 9), r('T10', 9), r('T3', 1)], 'T10', ['T2', 'T3']],
    ['string compare, not numeric', [r('T9', 1), r('T10', 1)], 'T10', ['T9']],
    ['an unreadable time (0) loses', [r('A', 0), r('B', 1)], 'B', ['A']],
  ])('%s', (_label, records, winner, duplicates) => {
    const result = pickWinner(records);
    expect(result.winner.teacherId).toBe(winner);
    expect(result.duplicates.map((d) => d.teacherId)).toEqual(duplicates);
  });

  it('returns the caller’s own objects, with their extra fields', () => {
    const a = { teacherId: 'T1', updatedAtMs: 1, row: 'a' };
    const b = { teacherId: 'T2', updatedAtMs: 2, row: 'b' };
    const result = pickWinner([a, b]);
    expect(result.winner).toBe(b);
    expect(result.duplicates[0]).toBe(a);
  });

  it('does not reorder its input', () => {
    const input = [r('T1', 1), r('T2', 2)];
    pickWinner(input);
    expect(input.map((x) => x.teacherId)).toEqual(['T1', 'T2']);
  });

  it('throws on empty input', () => {
    expect(() => pickWinner([])).toThrow('pickWinner needs at least one record');
  });

  it('picks the same winner and duplicates however the input is ordered', () => {
    const record = fc.record({
      teacherId: fc.string({ minLength: 1, maxLength: 6 }),
      // A narrow range makes ties common, which is where order could leak in.
      updatedAtMs: fc.integer({ min: 0, max: 4 }),
    });
    const distinctRecords = fc.uniqueArray(record, { minLength: 1, maxLength: 12, selector: (x) => x.teacherId });
    fc.assert(
      fc.property(
        distinctRecords.chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length }))),
        ([records, shuffled]) => {
          const a = pickWinner(records);
          const b = pickWinner(shuffled);
          expect(b.winner).toBe(a.winner);
          expect(b.duplicates).toEqual(a.duplicates);
          expect(a.duplicates).toHaveLength(records.length - 1);
          for (const d of a.duplicates) {
            expect(d.updatedAtMs < a.winner.updatedAtMs || (d.updatedAtMs === a.winner.updatedAtMs && d.teacherId > a.winner.teacherId)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('personKey', () => {
  it.each([
    ['a record with a usable identity: its identity', 'mac-1', 'T1', 'mac-1', true],
    ['a record without one: a key of its own', null, 'T1', 'q:T1', false],
    ['two records without one stay apart', null, 'T2', 'q:T2', false],
  ])('%s', (_label, identityMac, teacherId, key, isIdentity) => {
    expect(personKey(identityMac, teacherId)).toBe(key);
    expect(isIdentityKey(key)).toBe(isIdentity);
  });
});
