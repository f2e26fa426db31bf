import { describe, expect, it } from 'vitest';
import {
  checkInstitutionCode,
  DEFAULT_INSTITUTION_CATEGORIES,
  institutionProvince,
  normaliseInstitutionCode,
} from '../../src/core/institution-code.js';

describe('normaliseInstitutionCode', () => {
  it.each([
    ['plain', '2133000123', '2133000123'],
    ['full-width digits', '２１３３０００１２３', '2133000123'],
    ['ASCII spaces inside and around', ' 21 3300 0123 ', '2133000123'],
    ['ideographic space U+3000', '2133\u3000000123', '2133000123'],
    ['tab and newline', '\t2133000123\n', '2133000123'],
    ['zero-width space, joiners and BOM', '\uFEFF21\u200B33\u200C00\u200D0123', '2133000123'],
    ['no-break space', '2133\u00A0000123', '2133000123'],
    ['bidi override, soft hyphen and left-to-right mark', '\u202E2133\u00AD000\u200E123', '2133000123'],
    ['keeps letters (judged later)', '21330O0123', '21330O0123'],
    ['empty string', '', null],
    ['only white space', ' \u3000\u200B ', null],
    ['null', null, null],
  ])('%s', (_label, raw, expected) => {
    expect(normaliseInstitutionCode(raw)).toBe(expected);
  });
});

describe('checkInstitutionCode', () => {
  it.each([
    ['primary school', '2133000123', '2133000123'],
    ['kindergarten', '1133000001', '1133000001'],
    ['special education', '5133009999', '5133009999'],
    ['full-width with U+3000', '３４３３\u3000０００１２３', '3433000123'],
    ['code from another province', '3111000123', '3111000123'],
  ])('accepts %s', (_label, raw, code) => {
    expect(checkInstitutionCode(raw)).toEqual({ ok: true, code });
  });

  it.each([
    ['null', null, 'CODE_MISSING', 'institution code is empty', null],
    ['empty string', '', 'CODE_MISSING', 'institution code is empty', null],
    ['white space only', ' \u3000 ', 'CODE_MISSING', 'institution code is empty', null],
    ['9 digits', '213300012', 'CODE_MALFORMED', 'institution code has 9 digits, expected 10', '213300012'],
    ['11 digits', '21330001234', 'CODE_MALFORMED', 'institution code has 11 digits, expected 10', '21330001234'],
    ['full-width 9 digits', '２１３３０００１２', 'CODE_MALFORMED', 'institution code has 9 digits, expected 10', '213300012'],
    ['letter O for zero', '21330O0123', 'CODE_MALFORMED', 'institution code contains non-digits', '21330O0123'],
    ['hyphenated', '2133-000123', 'CODE_MALFORMED', 'institution code contains non-digits', '2133-000123'],
    ['Arabic-Indic digits (not folded by NFKC)', '٢١٣٣٠٠٠١٢٣', 'CODE_MALFORMED', 'institution code contains non-digits', '٢١٣٣٠٠٠١٢٣'],
    ['unknown category 99', '9933000123', 'CODE_MALFORMED', 'institution code starts with unknown school category 99', '9933000123'],
    ['unknown category 00', '0033000123', 'CODE_MALFORMED', 'institution code starts with unknown school category 00', '0033000123'],
    ['a pasted paragraph, kept cut', '2'.repeat(40), 'CODE_MALFORMED', 'institution code is 40 characters long, expected 10 digits', `${'2'.repeat(30)}…`],
    ['30 characters, kept whole', 'x'.repeat(30), 'CODE_MALFORMED', 'institution code contains non-digits', 'x'.repeat(30)],
  ])('rejects %s', (_label, raw, code, detail, cleaned) => {
    expect(checkInstitutionCode(raw)).toEqual({ ok: false, problem: { code, detail }, cleaned });
  });

  it('uses the category list it is given', () => {
    expect(checkInstitutionCode('9933000123', ['99'])).toEqual({ ok: true, code: '9933000123' });
    expect(checkInstitutionCode('2133000123', ['99'])).toEqual({
      ok: false,
      problem: { code: 'CODE_MALFORMED', detail: 'institution code starts with unknown school category 21' },
      cleaned: '2133000123',
    });
  });

  it('has the documented default categories', () => {
    expect([...DEFAULT_INSTITUTION_CATEGORIES]).toEqual(['11', '12', '21', '22', '31', '32', '33', '34', '35', '36', '41', '51']);
  });
});

describe('institutionProvince', () => {
  it.each([
    ['Zhejiang', '2133000123', '33'],
    ['Beijing', '3111000123', '11'],
  ])('%s', (_label, code, province) => {
    expect(institutionProvince(code)).toBe(province);
  });
});
