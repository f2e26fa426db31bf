import { describe, expect, it } from 'vitest';
import { displayWidth, table } from '../../src/cli/format.js';

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
});
