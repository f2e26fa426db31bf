import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The province is configuration (province.code): nothing under src/ but the simulators, which
 * generate a world of any province and default to one, may name a province's code, name or cities.
 * A line may be let through by the line before it reading `// province-scan: <why>`, for a value
 * that only looks like one (a school category that happens to be 33).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');
const EXEMPT_DIRS = [join(SRC, 'simulators')];
const EXEMPTION = /^\s*\/\/ province-scan: \S/;

const CITIES = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];
const RULES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'the province by name', pattern: /浙江|zhejiang/iu },
  { name: "the province's two digits as a string", pattern: /(['"`])33\1/u },
  { name: 'a division code of the province', pattern: /(?<!\d)33\d{4}(?!\d)/u },
  { name: "one of the province's cities", pattern: new RegExp(CITIES.join('|'), 'u') },
];

function sourceFiles(dir: string): string[] {
  if (EXEMPT_DIRS.includes(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : [path];
  });
}

interface ScanHit {
  where: string;
  rule: string;
  line: string;
}

function scanForProvinceConstants(files: readonly string[]): ScanHit[] {
  const hits: ScanHit[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (i > 0 && EXEMPTION.test(lines[i - 1] ?? '')) return;
      for (const rule of RULES) {
        if (rule.pattern.test(line)) hits.push({ where: `${relative(ROOT, file)}:${i + 1}`, rule: rule.name, line: line.trim() });
      }
    });
  }
  return hits;
}

describe('no province-specific constant in src/ (simulators excepted)', () => {
  const files = sourceFiles(SRC);

  it('reads the whole of src/ but the simulators', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.includes(`${join('src', 'simulators')}`))).toBe(false);
    expect(files.some((f) => f.endsWith(join('core', 'county-routing.ts')))).toBe(true);
  });

  it('finds none', () => {
    const hits = scanForProvinceConstants(files);
    if (hits.length > 0) console.log(hits.map((h) => `${h.where}: ${h.rule}: ${h.line}`).join('\n'));
    expect(hits.map((h) => `${h.where}: ${h.rule}`)).toEqual([]);
  });

  it('would find each kind of constant, and honours only a stated exemption', () => {
    const probe = join(ROOT, 'test', 'support', 'province-scan-probe.txt');
    const hits = scanForProvinceConstants([probe]);
    expect(hits.map((h) => h.where.replace(/^.*:/, '') + ' ' + h.rule)).toEqual([
      "1 the province by name", "2 the province by name", "3 the province's two digits as a string",
      "4 the province's two digits as a string", '5 a division code of the province', "6 one of the province's cities",
    ]);
  });
});
