import { describe, expect, it } from 'vitest';
import { displayWidth, formatDuration, table, truncate } from '../../src/cli/format.js';

describe('terminal tables', () => {
  it('counts Chinese characters as two columns', () => {
    expect(displayWidth('杭州市胜利小学')).toBe(14);
    expect(displayWidth('ab（钱江）')).toBe(10);
    expect(displayWidth('abc')).toBe(3);
  });

  it('aligns columns holding Chinese names', () => {
    const out = table(['school', 'n'], [['杭州市胜利小学', 12], ['本部', 3]]).split('\n');
    expect(out[0]).toBe('school           n');
    expect(out[2]).toBe('杭州市胜利小学  12');
    expect(out[3]).toBe('本部             3');
  });

  it('cuts a long cell to a display width, never through a wide character', () => {
    expect(truncate('杭州市拱墅区职业技术学校(北校区)', 12)).toBe('杭州市拱墅…');
    expect(displayWidth(truncate('杭州市拱墅区职业技术学校(北校区)', 12))).toBeLessThanOrEqual(12);
    expect(truncate('本部', 4)).toBe('本部');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});

describe('durations', () => {
  it.each([
    [0, '0 ms'],
    [999, '999 ms'],
    [999.5, '1.0 s'],
    [1000, '1.0 s'],
    [59_449, '59.4 s'],
    [59_500, '59.5 s'],
    [59_949, '59.9 s'],
    [59_950, '1 min 0 s'],
    [59_999, '1 min 0 s'],
    [60_000, '1 min 0 s'],
    [119_499, '1 min 59 s'],
    [119_500, '2 min 0 s'],
    [179_996, '3 min 0 s'],
    [3_599_499, '59 min 59 s'],
    [3_599_500, '1 h 0 min'],
    [3_600_000, '1 h 0 min'],
    [7_169_999, '1 h 59 min'],
    [7_170_000, '2 h 0 min'],
    [90_061_000, '25 h 1 min'],
  ])('%d ms is shown as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('never shows a part at its own upper bound', () => {
    for (let ms = 0; ms < 8_000_000; ms += 497) {
      expect(formatDuration(ms), `${ms} ms`).not.toMatch(/\b60 (s|min)\b|\b1000 ms/);
    }
  });
});
