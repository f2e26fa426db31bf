import { describe, expect, it } from 'vitest';
import { normalisePersonName, tidySchoolName } from '../../src/core/name-normalisation.js';

describe('normalisePersonName', () => {
  it.each([
    ['plain Chinese name', '张三', '张三'],
    ['space between two Han characters', '张 三', '张三'],
    ['several spaces in a three-character name', '欧阳  娜 娜', '欧阳娜娜'],
    ['ideographic space U+3000', '李\u3000四', '李四'],
    ['leading and trailing spaces', '  王五\u3000', '王五'],
    ['Latin name keeps one space', 'John  Smith', 'John Smith'],
    ['Latin name with tab and newline', ' John\t\nSmith ', 'John Smith'],
    ['space between Han and Latin kept', '张 Wei', '张 Wei'],
    ['transliterated name with spaced interpunct', '买买提 · 艾力', '买买提·艾力'],
    ['Latin names keep spaces around an interpunct', 'Anna · Lee', 'Anna · Lee'],
    ['control character removed', '张\u0000三', '张三'],
    ['control character next to a space', 'John \u0007 Smith', 'John Smith'],
    ['C1 control NEL removed', 'Ann\u0085a', 'Anna'],
    ['zero-width space removed', '张\u200B三', '张三'],
    ['BOM removed', '\uFEFF赵六', '赵六'],
    ['bidi override removed', '\u202E张三', '张三'],
    ['bidi isolates removed', '\u2066王五\u2069', '王五'],
    ['soft hyphen removed', 'Ma\u00ADry', 'Mary'],
    ['line separator between Han characters', '张\u2028三', '张三'],
    ['Kangxi radical folded to the ideograph it looks like', '\u2FA6三', '金三'],
    ['full-width Latin kept as written (no NFKC)', 'Ｊｏｈｎ', 'Ｊｏｈｎ'],
    ['compatibility ideograph kept as written (no NFKC)', '\uF900明', '\uF900明'],
    ['empty', '', null],
    ['spaces only', ' \u3000\t', null],
    ['control characters only', '\u0000\u0001', null],
    ['null', null, null],
  ])('%s', (_label, raw, expected) => {
    expect(normalisePersonName(raw)).toBe(expected);
  });
});

describe('tidySchoolName', () => {
  it.each([
    ['trimmed', ' 杭州市胜利小学\u3000', '杭州市胜利小学'],
    ['spaces inside kept as entered', '杭州市 胜利小学', '杭州市 胜利小学'],
    ['line breaks and tabs become one space', '杭州市胜利小学\r\n\t（本部）', '杭州市胜利小学 （本部）'],
    ['control and bidi characters removed', '\u202E杭州市\u0000胜利小学\u0007', '杭州市胜利小学'],
    ['full-width text kept', 'ＡＢＣ学校', 'ＡＢＣ学校'],
    ['nothing visible', '\u0000\u200B ', null],
    ['null', null, null],
  ])('%s', (_label, raw, expected) => {
    expect(tidySchoolName(raw)).toBe(expected);
  });
});
