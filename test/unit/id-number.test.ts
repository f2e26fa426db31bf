import { describe, expect, it } from 'vitest';
import { checkIdNumber, maskIdNumber, maskMobile, residentIdCheckChar } from '../../src/core/id-number.js';
import type { IdType } from '../../src/core/types.js';

describe('residentIdCheckChar', () => {
  // Check characters worked out by hand (and with an independent script) from GB 11643-1999.
  it.each([
    ['GB 11643 example, check X', '11010519491231002', 'X'],
    ['GB 11643 example born 1880', '44052418800101001', '4'],
    ['upgraded 15-digit example', '13050319670401001', '6'],
    ['contract sample', '33010219800101123', 'X'],
    ['leap day 2000', '33010620000229001', '0'],
    ['sum mod 11 = 3 gives 9', '33010619990228001', '5'],
  ])('%s', (_label, first17, expected) => {
    expect(residentIdCheckChar(first17)).toBe(expected);
  });

  it('refuses input that is not 17 digits, without echoing it', () => {
    expect(() => residentIdCheckChar('1101051949123100')).toThrow('residentIdCheckChar needs exactly 17 ASCII digits');
  });
});

describe('checkIdNumber: resident_id', () => {
  it.each([
    ['known good with X', '11010519491231002X', '11010519491231002X'],
    ['lower-case x', '11010519491231002x', '11010519491231002X'],
    ['contract sample with lower-case x', '33010219800101123x', '33010219800101123X'],
    ['full-width digits and Ｘ', '１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'],
    ['full-width lower-case ｘ', '１１０１０５１９４９１２３１００２ｘ', '11010519491231002X'],
    ['spaces, U+3000 and zero-width', ' 110105 1949\u30001231\u200B002X ', '11010519491231002X'],
    ['leap day 2000', '330106200002290010', '330106200002290010'],
    ['15-digit upgraded', '130503670401001', '130503196704010016'],
    ['15-digit full-width upgraded', '１３０５０３６７０４０１００１', '130503196704010016'],
  ])('accepts %s', (_label, raw, value) => {
    expect(checkIdNumber('resident_id', raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['null', null, 'ID_NUMBER_MISSING', 'ID number is empty', null],
    ['empty', '', 'ID_NUMBER_MISSING', 'ID number is empty', null],
    ['white space only', ' \u3000', 'ID_NUMBER_MISSING', 'ID number is empty', null],
    ['wrong check character', '110105194912310021', 'ID_NUMBER_INVALID', 'check character should be X', '110105194912310021'],
    ['wrong check character (digit expected)', '13050319670401001X', 'ID_NUMBER_INVALID', 'check character should be 6', '13050319670401001X'],
    ['length 17', '11010519491231002', 'ID_NUMBER_INVALID', 'length 17, expected 18 or 15', '11010519491231002'],
    ['length 19', '11010519491231002X1', 'ID_NUMBER_INVALID', 'length 19, expected 18 or 15', '11010519491231002X1'],
    ['X in the middle', '1101051949X231002X', 'ID_NUMBER_INVALID', 'contains characters other than digits and a final X', '1101051949X231002X'],
    ['month 13', '110105194913310028', 'ID_NUMBER_INVALID', 'bad birth date', '110105194913310028'],
    ['29 February 1999', '330106199902290013', 'ID_NUMBER_INVALID', 'bad birth date', '330106199902290013'],
    ['31 April', '330106199904310013', 'ID_NUMBER_INVALID', 'bad birth date', '330106199904310013'],
    // Valid under GB 11643 (the standard's own example) but not a birth year a teacher can have.
    ['born 1880 (before 1900)', '440524188001010014', 'ID_NUMBER_INVALID', 'bad birth date', '440524188001010014'],
    ['15-digit with bad date', '130503671301001', 'ID_NUMBER_INVALID', 'bad birth date', '130503671301001'],
    ['15-digit with a letter', '13050367040100X', 'ID_NUMBER_INVALID', 'contains non-digits', '13050367040100X'],
  ])('rejects %s', (_label, raw, code, detail, cleaned) => {
    expect(checkIdNumber('resident_id', raw)).toEqual({ ok: false, problem: { code, detail }, cleaned });
  });

  it('checks the date before the check character, so the detail names the real fault', () => {
    const first17 = '33010619990230001';
    const result = checkIdNumber('resident_id', first17 + residentIdCheckChar(first17));
    expect(result.ok ? null : result.problem.detail).toBe('bad birth date');
  });

  it('never puts the number into a problem detail', () => {
    const numbers = ['110105194912310021', '11010519491231002', '110105194913310028', '130503671301001', '1101051949X231002X'];
    for (const n of numbers) {
      const result = checkIdNumber('resident_id', n);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.problem.detail).not.toContain(n);
        expect(result.problem.detail).not.toMatch(/[0-9]{6,}/);
      }
    }
  });
});

describe('checkIdNumber: other document types', () => {
  it.each<[string, IdType, string, string]>([
    ['HK permit, 9 chars', 'hk_macao_permit', 'H12345678', 'H12345678'],
    ['Macao permit, 11 chars', 'hk_macao_permit', 'm1234567801', 'M1234567801'],
    ['HK/Macao residence permit 810000', 'hk_macao_permit', '810000199001011230', '810000199001011230'],
    ['HK/Macao residence permit 820000', 'hk_macao_permit', '820000198506150022', '820000198506150022'],
    ['Taiwan permit, 8 digits', 'taiwan_permit', '12345678', '12345678'],
    ['Taiwan permit, 10 digits', 'taiwan_permit', '１２３４５６７８９０', '1234567890'],
    ['Taiwan permit, letter + 9 digits', 'taiwan_permit', 'a123456789', 'A123456789'],
    ['Taiwan residence permit 830000', 'taiwan_permit', '830000197203040050', '830000197203040050'],
    ['passport, 5 chars', 'passport', 'ab123', 'AB123'],
    ['passport, 9 chars with space', 'passport', 'E 1234 5678', 'E12345678'],
    ['passport, 17 chars', 'passport', 'ABCDEFGH123456789', 'ABCDEFGH123456789'],
    ['foreign permanent, 2004 card', 'foreign_permanent', 'usa123456789012', 'USA123456789012'],
    ['foreign permanent, 2023 card', 'foreign_permanent', '911000199001010013', '911000199001010013'],
  ])('accepts %s', (_label, idType, raw, value) => {
    expect(checkIdNumber(idType, raw)).toEqual({ ok: true, value });
  });

  it.each<[string, IdType, string | null, string, string]>([
    ['HK permit missing', 'hk_macao_permit', null, 'ID_NUMBER_MISSING', 'ID number is empty'],
    ['HK permit, wrong letter', 'hk_macao_permit', 'K12345678', 'ID_NUMBER_INVALID', 'not a Hong Kong/Macao permit number (length 9)'],
    ['HK permit, 10 chars', 'hk_macao_permit', 'H123456789', 'ID_NUMBER_INVALID', 'not a Hong Kong/Macao permit number (length 10)'],
    ['HK residence permit, wrong check', 'hk_macao_permit', '810000199001011231', 'ID_NUMBER_INVALID', 'check character should be 0'],
    ['HK permit given a Taiwan residence permit', 'hk_macao_permit', '830000197203040050', 'ID_NUMBER_INVALID', 'not a Hong Kong/Macao permit number (length 18)'],
    ['Taiwan permit, 9 digits', 'taiwan_permit', '123456789', 'ID_NUMBER_INVALID', 'not a Taiwan permit number (length 9)'],
    ['Taiwan residence permit, wrong check', 'taiwan_permit', '830000197203040059', 'ID_NUMBER_INVALID', 'check character should be 0'],
    ['passport, 4 chars', 'passport', 'E123', 'ID_NUMBER_INVALID', 'not a passport number (length 4)'],
    ['passport, 18 chars', 'passport', 'ABCDEFGH1234567890', 'ID_NUMBER_INVALID', 'not a passport number (length 18)'],
    ['passport with a dash', 'passport', 'E-1234567', 'ID_NUMBER_INVALID', 'not a passport number (length 9)'],
    ['foreign permanent, 2 letters', 'foreign_permanent', 'US1234567890123', 'ID_NUMBER_INVALID', 'not a foreign permanent residence number (length 15)'],
    ['foreign permanent 2023, wrong check', 'foreign_permanent', '911000199001010014', 'ID_NUMBER_INVALID', 'check character should be 3'],
    ['foreign permanent 18 not starting with 9', 'foreign_permanent', '110105194912310021', 'ID_NUMBER_INVALID', 'not a foreign permanent residence number (length 18)'],
  ])('rejects %s', (_label, idType, raw, code, detail) => {
    const result = checkIdNumber(idType, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toEqual({ code, detail });
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['18 characters', '330102198001011234', '330102********1234'],
    ['18 characters ending in X', '33010219800101123X', '330102********123X'],
    ['15 characters', '130503670401001', '13***********01'],
    ['passport, 9 characters', 'E12345678', 'E1*****78'],
    ['5 characters', 'AB123', 'AB*23'],
    ['4 characters', 'AB12', '****'],
    ['1 character', 'A', '*'],
    ['empty', '', ''],
    ['null', null, ''],
  ])('%s', (_label, value, masked) => {
    expect(maskIdNumber(value)).toBe(masked);
  });
});

describe('maskMobile', () => {
  it.each([
    ['11 digits', '13800000000', '138****0000'],
    ['11 digits, distinct', '13912345678', '139****5678'],
    ['landline with area code', '057187654321', '**********21'],
    ['foreign number', '+85291234567', '**********67'],
    ['2 characters', '12', '**'],
    ['empty', '', ''],
    ['null', null, ''],
  ])('%s', (_label, value, masked) => {
    expect(maskMobile(value)).toBe(masked);
  });
});
