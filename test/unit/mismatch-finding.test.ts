import { describe, expect, it } from 'vitest';
import { loadAreaCodeHistory } from '../../src/areacodes/area-code-history.js';
import { institutionSuggester } from '../../src/core/institution-suggestion.js';
import { classifyEnteredSchool, type MismatchKind } from '../../src/core/mismatch-finding.js';
import { placeIndex } from '../../src/core/school-name-match.js';
import type { RegistryInstitution } from '../../src/core/types.js';

const places = placeIndex(loadAreaCodeHistory());

const REGISTRY: Record<string, RegistryInstitution> = {
  '2133000123': { code: '2133000123', name: '杭州市上城区胜利小学', countyCode: '330102', category: '21', status: 'active' },
  '3433000998': { code: '3433000998', name: '杭州市第十四中学', countyCode: '330105', category: '34', status: 'active' },
  '2133000777': { code: '2133000777', name: '杭州市西湖区求是小学', countyCode: '330106', category: '21', status: 'revoked' },
};

function classify(code: string | null, name: string | null, opts: { carried?: boolean } = {}) {
  const cleaned = code?.normalize('NFKC').replace(/\s/g, '') || null;
  return classifyEnteredSchool(
    { institutionCode: cleaned, institutionName: name },
    { registry: cleaned === null ? null : (REGISTRY[cleaned] ?? null), hasTargetSchool: opts.carried ?? true, province: '33', places },
  );
}

describe('classifyEnteredSchool', () => {
  it.each<[string, string | null, string | null, MismatchKind | null, boolean?]>([
    ['a right school', '2133000123', '杭州市上城区胜利小学', null],
    ['a right school written differently', '2133000123', '上城区 胜利小学（钱江校区）', null],
    ['a right code with the city and ordinal written differently', '3433000998', '杭州十四中', null],
    ['no code', null, '杭州市上城区胜利小学', 'CODE_MISSING'],
    ['9 digits', '213300012', '杭州市上城区胜利小学', 'CODE_MALFORMED'],
    ['11 digits', '21330001234', '杭州市上城区胜利小学', 'CODE_MALFORMED'],
    ['letters', '21330A0123', '杭州市上城区胜利小学', 'CODE_MALFORMED'],
    ['unknown school category', '9933000123', '杭州市上城区胜利小学', 'CODE_MALFORMED'],
    ['another province', '2132000123', '杭州市上城区胜利小学', 'CODE_MALFORMED'],
    ['well-formed, not in the registry', '2133999999', '杭州市上城区胜利小学', 'CODE_UNKNOWN'],
    ['revoked, even with the right name', '2133000777', '杭州市西湖区求是小学', 'CODE_REVOKED'],
    ['another school of the same code', '3433000998', '杭州市第十五中学', 'NAME_MISMATCH'],
    ['the same name in another county', '2133000123', '杭州市西湖区胜利小学', 'NAME_MISMATCH'],
    ['no name', '2133000123', null, 'NAME_MISMATCH'],
    ['a right school that no student-record school carries', '2133000123', '胜利小学', 'NO_TARGET_SCHOOL', false],
    ['a wrong name wins over a missing student-record school', '2133000123', '杭州市崇文小学', 'NAME_MISMATCH', false],
  ])('%s → %s', (_what, code, name, kind, carried = true) => {
    expect(classify(code, name, { carried })?.kind ?? null).toBe(kind);
  });

  it('says the registry name and how close the entered name came', () => {
    expect(classify('3433000998', '杭州市第十五中学')).toMatchObject({
      kind: 'NAME_MISMATCH', registryName: '杭州市第十四中学', method: 'similarity', detail: expect.stringContaining('杭州市第十四中学'),
    });
    expect(classify('3433000998', '杭州市第十五中学')?.score).toBeGreaterThan(0.5);
    expect(classify(null, 'x')).toMatchObject({ registryName: null, score: null, detail: '未填写学校标识码' });
    expect(classify('2132000123', 'x')?.detail).toMatch(/省份/);
  });
});

describe('institutionSuggester', () => {
  const list = Object.values(REGISTRY).concat([
    { code: '2133000200', name: '宁波市鄞州区胜利小学', countyCode: '330212', category: '21', status: 'active' },
  ]);
  const suggester = institutionSuggester(list, places);

  it('names the one institution the entered name means', () => {
    expect(suggester.suggest('杭州十四中')?.code).toBe('3433000998');
    expect(suggester.suggest('上城区胜利小学')?.code).toBe('2133000123');
  });

  it('suggests nothing when the name fits several, or only the entered code', () => {
    expect(suggester.suggest('胜利小学')).toBeNull();
    expect(suggester.suggest('杭州十四中', '3433000998')).toBeNull();
    expect(suggester.suggest(null)).toBeNull();
  });
});
