import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/platforms/errors.js';
import { RegistryCsvSource, type RegistryPage } from '../../src/platforms/index.js';
import { toInstitution } from '../../src/platforms/registry/registry.mapping.js';

const dir = mkdtempSync(join(tmpdir(), 'registry-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function file(content: string): string {
  const path = join(dir, `r${++n}.csv`);
  writeFileSync(path, content, 'utf8');
  return path;
}

async function read(content: string, pageSize = 1000): Promise<RegistryPage[]> {
  const pages: RegistryPage[] = [];
  for await (const p of new RegistryCsvSource({ path: file(content), pageSize }).pages()) pages.push(p);
  return pages;
}

const HEADER = 'code,name,countyCode,category,status';

describe('registry CSV source', () => {
  it('reads rows with a BOM, CRLF, quoted commas, doubled quotes and line breaks', async () => {
    const csv = [
      `\uFEFF${HEADER}`,
      '2133000123,杭州市胜利小学,330102,21,active',
      ' 2133000124 ,"杭州市""求是""小学, 西溪校区",330106,21,revoked',
      '',
      '3133000001,"两行',
      '的名字",330108,31,active',
    ].join('\r\n');
    const [page, ...rest] = await read(`${csv}\r\n`);
    expect(rest).toEqual([]);
    expect(page!.rejected).toEqual([]);
    expect(page!.records).toEqual([
      { code: '2133000123', name: '杭州市胜利小学', countyCode: '330102', category: '21', status: 'active' },
      { code: '2133000124', name: '杭州市"求是"小学, 西溪校区', countyCode: '330106', category: '21', status: 'revoked' },
      { code: '3133000001', name: '两行\n的名字', countyCode: '330108', category: '31', status: 'active' },
    ]);
  });

  it('maps columns by header name, in any order', async () => {
    const [page] = await read('status,code,countyCode,name\nactive,1133000001,330102,幼儿园\n');
    expect(page!.records).toEqual([{ code: '1133000001', name: '幼儿园', countyCode: '330102', category: '11', status: 'active' }]);
  });

  it('rejects bad rows with their line number and keeps the rest', async () => {
    const csv = [
      HEADER,
      '2133000123,杭州市胜利小学,330102,21,active', // line 2
      '2133000124,胜利小学,钱江校区,330102,21,active', // 3: unquoted comma
      '2133000125,,330102,21,active', // 4: no name
      '2133000126,某校,330102,21,closed', // 5: unknown status
      '"2133000127"x,某校,330102,21,active', // 6: text after quote
      '2133000128,"未闭合,330102,21,active', // 7: unterminated to EOF
    ].join('\n');
    const [page] = await read(csv);
    expect(page!.records.map((r) => r.code)).toEqual(['2133000123']);
    expect(page!.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);
    expect(page!.rejected[0]!.reason).toContain('6 fields');
    expect(page!.rejected[1]!.reason).toContain('name');
    expect(page!.rejected[2]!.reason).toMatch(/code 2133000126: status/);
    expect(page!.rejected[4]!.reason).toContain('not closed');
  });

  it('yields pages of pageSize rows', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `213300000${i},学校${i},330102,21,active`);
    const pages = await read([HEADER, ...rows].join('\n'), 2);
    expect(pages.map((p) => p.records.length)).toEqual([2, 2, 1]);
  });

  it.each([
    ['a missing column', 'code,name,status\n', /countyCode/],
    ['an empty file', '', /empty/],
  ])('refuses a file with %s', async (_label, content, why) => {
    const err = await read(content).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe('PLATFORM_SCHEMA');
    expect((err as PlatformError).message).toMatch(why);
  });

  it('stops when the signal is aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    const source = new RegistryCsvSource({ path: file(`${HEADER}\n`) });
    await expect(source.pages(ac.signal).next()).rejects.toThrow('stop');
  });
});

describe('registry record', () => {
  it.each<[string, unknown, boolean]>([
    ['a full row', { code: '2133000123', name: 'x', countyCode: '330102', category: '21', status: 'active' }, true],
    ['a padded code, status in capitals', { code: ' 2133000123\t', name: 'x', countyCode: ' 330102', status: 'Revoked' }, true],
    ['a numeric code', { code: 2133000123, name: 'x', countyCode: '330102', status: 'active' }, false],
    ['no county', { code: '2133000123', name: 'x', status: 'active' }, false],
    ['not an object', 'x', false],
  ])('%s', (_label, raw, ok) => {
    const r = toInstitution(raw);
    expect(r.ok).toBe(ok);
    if (r.ok) {
      expect(r.value.code).toBe('2133000123');
      expect(r.value.countyCode).toBe('330102');
      expect(r.value.category).toBe('21');
    }
  });
});
