import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, isRealDate } from '../../src/core/calendar.js';
import { parseRfc3339 } from '../../src/core/rfc3339.js';

describe('isRealDate', () => {
  it.each([
    ['ordinary day', 2026, 11, 20, true],
    ['leap day in a leap year', 2024, 2, 29, true],
    ['leap day in 2000 (divisible by 400)', 2000, 2, 29, true],
    ['leap day in 1900 (divisible by 100)', 1900, 2, 29, false],
    ['29 February in a common year', 2023, 2, 29, false],
    ['31 April', 2026, 4, 31, false],
    ['31 December', 2026, 12, 31, true],
    ['month 0', 2026, 0, 1, false],
    ['month 13', 2026, 13, 1, false],
    ['day 0', 2026, 1, 0, false],
    ['day 32', 2026, 1, 32, false],
  ])('%s', (_label, y, m, d, expected) => {
    expect(isRealDate(y, m, d)).toBe(expected);
  });
});

describe('daysFromCivil', () => {
  it.each([
    ['epoch', 1970, 1, 1, 0],
    ['day before the epoch', 1969, 12, 31, -1],
    ['2000-03-01', 2000, 3, 1, 11017],
    ['year 50 (Date.UTC would read 1950)', 50, 1, 1, -701265],
  ])('%s', (_label, y, m, d, days) => {
    expect(daysFromCivil(y, m, d)).toBe(days);
  });

  it('agrees with Date.UTC for years 100..9999', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const expected = Math.floor(date.getTime() / 86_400_000);
        expect(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseRfc3339', () => {
  it.each([
    ['Z', '2026-11-20T02:00:00Z', Date.UTC(2026, 10, 20, 2)],
    ['+08:00', '2026-11-20T10:00:00+08:00', Date.UTC(2026, 10, 20, 2)],
    ['-00:00', '2026-11-20T02:00:00-00:00', Date.UTC(2026, 10, 20, 2)],
    ['space instead of T', '2026-11-20 02:00:00Z', Date.UTC(2026, 10, 20, 2)],
    ['surrounding spaces', ' 2026-11-20T02:00:00Z ', Date.UTC(2026, 10, 20, 2)],
    ['milliseconds', '2026-11-20T02:00:00.5Z', Date.UTC(2026, 10, 20, 2, 0, 0, 500)],
    ['nanoseconds truncated', '2026-11-20T02:00:00.999999999Z', Date.UTC(2026, 10, 20, 2, 0, 0, 999)],
    ['leap second reads as the next second', '2016-12-31T23:59:60Z', Date.UTC(2017, 0, 1)],
    ['offset crosses the date line', '2026-01-01T00:30:00+14:00', Date.UTC(2025, 11, 31, 10, 30)],
    ['epoch', '1970-01-01T00:00:00Z', 0],
  ])('reads %s', (_label, text, ms) => {
    expect(parseRfc3339(text)).toBe(ms);
  });

  it.each([
    ['null', null],
    ['empty', ''],
    ['minute 60', '2026-11-20T02:60:00Z'],
    ['second 61', '2026-11-20T02:00:61Z'],
    ['offset hour 24', '2026-11-20T02:00:00+24:00'],
    ['offset minute 60', '2026-11-20T02:00:00+08:60'],
    ['two-digit year', '26-11-20T02:00:00Z'],
    ['missing seconds', '2026-11-20T02:00Z'],
    ['comma fraction', '2026-11-20T02:00:00,5Z'],
    ['full-width digits', '２０２６-11-20T02:00:00Z'],
  ])('rejects %s', (_label, text) => {
    expect(parseRfc3339(text)).toBeNull();
  });
});
