import OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { toSimplifiedChinese } from '../../src/text/simplified-chinese.js';

describe('toSimplifiedChinese', () => {
  it.each([
    ['traditional school words', '杭州市實驗學校附屬小學', '杭州市实验学校附属小学'],
    ['traditional place names', '廣東省廣州市越秀區', '广东省广州市越秀区'],
    ['Hong Kong and Taiwan variants', '衞生職業學校', '卫生职业学校'],
    ['a variant OpenCC writes only inside a word', '澂江市第一中學', '澄江市第一中学'],
    ['one form per character, whatever the word', '乾縣乾陵中學', '干县干陵中学'],
    ['Latin letters and digits untouched', 'ABC雙語學校123', 'ABC双语学校123'],
  ])('%s: %s → %s', (_what, text, folded) => {
    expect(toSimplifiedChinese(text)).toBe(folded);
  });

  it('gives the same for a simplified name and its traditional writing', () => {
    for (const name of ['乾县乾陵中学', '澄江市第一中学', '苏州市吴江区实验小学', '台州市椒江区第二中学', '沈阳市于洪区育才小学']) {
      for (const convert of [OpenCC.Converter({ from: 'cn', to: 'tw' }), OpenCC.Converter({ from: 'cn', to: 'hk' })]) {
        expect(toSimplifiedChinese(convert(name)), convert(name)).toBe(toSimplifiedChinese(name));
      }
    }
  });

  it('is a fold: folding again changes nothing', () => {
    for (const text of ['乾縣乾陵中學', '澂江', '於潛鎮中心小學', '鍾山區', '髮發後后裏里']) {
      const once = toSimplifiedChinese(text);
      expect(toSimplifiedChinese(once)).toBe(once);
    }
  });

  it('returns simplified text as it is', () => {
    const text = '南京市江宁区育才小学';
    expect(toSimplifiedChinese(text)).toBe(text);
    expect(toSimplifiedChinese('')).toBe('');
  });
});
