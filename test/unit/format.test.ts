import { describe, expect, it } from 'vitest';
import { displayWidth, table, truncate } from '../../src/cli/format.js';

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
