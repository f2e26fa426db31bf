import { describe, expect, it } from 'vitest';
import { errorCodeOr, scrubServerText } from '../../src/platforms/http/server-text.js';

describe('scrubServerText', () => {
  it.each([
    ['cuts out an ID number', 'holder 33010219800101123X already exists', [], 'holder … already exists'],
    ['cuts out a number ending in lower-case x', 'bad 33010219800101123x', [], 'bad …'],
    ['cuts out a 15-digit number', 'old number 330102800101123', [], 'old number …'],
    ['cuts out full-width digits', '号码３３０１０２１９８００１０１１２３Ｘ有误', [], '号码…有误'],
    ['cuts out a mobile', 'mobile 13800000000 invalid', [], 'mobile … invalid'],
    ['cuts out what was sent, whatever its shape', 'passport EA12345 of 张三 taken', ['EA12345', '张三'], 'passport … of … taken'],
    ['cuts out what was sent, in another case', 'passport ea12345 taken', ['EA12345'], 'passport … taken'],
    ['keeps a school id (7 digits)', 'no active school S0004567', [], 'no active school S0004567'],
    ['does not look for a one-letter value', 'field M is wrong', ['M'], 'field M is wrong'],
  ])('%s', (_label, text, sent, expected) => {
    expect(scrubServerText(text, sent)).toBe(expected);
  });

  it('caps the length', () => {
    expect(scrubServerText('a'.repeat(600))).toHaveLength(500);
    expect(scrubServerText('a'.repeat(100), [], 64)).toHaveLength(64);
  });

  it('treats sent values as text, not patterns', () => {
    expect(scrubServerText('value a+b(c) here', ['a+b(c)'])).toBe('value … here');
  });
});

describe('errorCodeOr', () => {
  it('keeps an UPPER_SNAKE code and replaces anything else', () => {
    expect(errorCodeOr('ID_NUMBER_CONFLICT', 'HTTP_409')).toBe('ID_NUMBER_CONFLICT');
    expect(errorCodeOr('ID_NUMBER_CONFLICT 33010219800101123X', 'HTTP_409')).toBe('HTTP_409');
    expect(errorCodeOr('', 'HTTP_404')).toBe('HTTP_404');
  });
});
