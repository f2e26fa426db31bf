import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { charCount } from '../../src/core/compact-text.js';
import type { RegistryInstitution } from '../../src/core/types.js';
import { RegistryCsvSource, type RegistryPage } from '../../src/platforms/index.js';
import { toInstitution } from '../../src/platforms/registry/registry.mapping.js';
import { hostileInstitutions, hostileRegistryCsv, type HostileInstitution } from '../support/hostile-corpus.js';

const BASE = { countyCode: '330102' };
const corpus = hostileInstitutions(BASE);
const HEADER = 'code,name,countyCode,category,status';

/** The columns of registry_institution (migration 0001). */
function expectFitsColumns(r: RegistryInstitution): void {
  expect(r.code).toMatch(/^[0-9]{10}$/);
  expect(r.countyCode).toMatch(/^[0-9]{6}$/);
  expect(r.category).toMatch(/^[0-9]{2}$/);
  expect(charCount(r.name)).toBeLessThanOrEqual(300);
  expect(['active', 'revoked']).toContain(r.status);
}

const dir = mkdtempSync(join(tmpdir(), 'hostile-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readCsv(content: string): Promise<RegistryPage> {
  const path = join(dir, `r${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, content, 'utf8');
  const all: RegistryPage = { records: [], rejected: [] };
  for await (const p of new RegistryCsvSource({ path, pageSize: 7 }).pages()) {
    all.records.push(...p.records);
    all.rejected.push(...p.rejected);
  }
  return all;
}

describe('hostile registry rows', () => {
  it('are many, each with a distinct label', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((e) => `${e.category}: ${e.why}`)).size).toBe(corpus.length);
  });

  it.each(corpus.map((e) => [`${e.category}: ${e.why}`, e] as const))('%s', (_label, entry: HostileInstitution) => {
    const r = toInstitution(entry.record);
    if (entry.expect.kind === 'rejected') {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(entry.expect.reason);
        // A reason names fields and quotes a code at most: never a 10 kB value or a name.
        expect(r.reason.length).toBeLessThan(400);
      }
    } else {
      if (!r.ok) throw new Error(r.reason);
      expect(r.value).toEqual(entry.expect.row);
      expectFitsColumns(r.value);
    }
  });

  it('are never thrown on, and what is taken fits the snapshot', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('2133000123', ' 330102 ', 'active', 'REVOKED', '21', ''));
    const value = fc.oneof(text, fc.jsonValue({ maxDepth: 1 }));
    const row = fc.record({ code: value, name: value, countyCode: value, category: value, status: value }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(row, fc.jsonValue()), (raw) => {
        const r = toInstitution(raw);
        if (r.ok) expectFitsColumns(r.value);
        else expect(r.reason).not.toBe('');
      }),
      { numRuns: 2000, seed: 20261120 },
    );
  });
});

describe('a hostile registry CSV file', () => {
  const csv = hostileRegistryCsv(BASE);

  it('keeps the good rows, formulas and odd characters included, and names every bad line', async () => {
    const good = '2133000123,杭州市胜利小学,330102,21,active';
    const page = await readCsv(`\uFEFF${HEADER}\r\n${good}\r\n${csv.lines.join('\r\n')}\r\n`);
    expect(page.records).toEqual([{ code: '2133000123', name: '杭州市胜利小学', countyCode: '330102', category: '21', status: 'active' }, ...csv.accepted]);
    for (const r of page.records) expectFitsColumns(r);
    // Line 1 is the header, line 2 the good row: the hostile lines start at line 3.
    expect(page.rejected.map((r) => r.line)).toEqual(csv.rejected.map((r) => r.offset + 3));
    page.rejected.forEach((r, i) => expect(r.reason).toMatch(csv.rejected[i]!.reason));
  });

  it.each([
    ['no header at all', '', /file is empty/],
    ['a header without countyCode', 'code,name,status\r\n2133000123,x,active\r\n', /lacks column\(s\) countyCode/],
    ['a header with an unclosed quote', '"code,name,countyCode,status\r\n', /header unreadable/],
  ])('refuses %s with a clear error', async (_label, content, why) => {
    await expect(readCsv(content)).rejects.toThrow(why);
  });
});
