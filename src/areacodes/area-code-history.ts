import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { divisionHistory, type DivisionHistory, type DivisionLevel, type DivisionRecord } from '../core/county-routing.js';

/** Shipped with the package (CC0), so routing never depends on a path outside it. */
const HISTORY_FILE = 'data/areacodes/zhejiang-areacodes-history.csv';

const LEVELS: Readonly<Record<string, DivisionLevel>> = { 省级: 'province', 地级: 'city', 县级: 'county' };

export class AreaCodeFileError extends Error {
  readonly code = 'AREA_CODES_INVALID';
}

/**
 * The package root: the nearest folder above this module holding package.json. The same from the
 * sources (src/areacodes) and from the build (dist/src/areacodes).
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new AreaCodeFileError(`no package.json above ${from}`);
  }
}

function year(text: string | undefined): number | null {
  return text && /^\d{4}$/.test(text) ? Number(text) : null;
}

/**
 * Parses the history (columns 代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码).
 * 新代码 lists codes separated by `;`, each optionally with `[year]` for a part moved earlier.
 */
export function parseAreaCodeHistory(csv: string): DivisionRecord[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.split(',') ?? [];
  if (header[0] !== '代码' || header[5] !== '状态') throw new AreaCodeFileError('area-code history: unexpected header');
  const out: DivisionRecord[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const [code, , city, name, levelText, status, , until, next] = line.split(',');
    const level = LEVELS[levelText ?? ''];
    if (!code || !/^\d{6}$/.test(code) || !name || !level) continue;
    const successors = (next ?? '')
      .split(';')
      .map((s) => /^(\d{6})(?:\[(\d{4})\])?$/.exec(s.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ code: m[1]!, year: m[2] ? Number(m[2]) : null }));
    out.push({ code, city: city ?? '', name, level, inUse: status === '在用', until: year(until), successors });
  }
  if (!out.some((r) => r.inUse)) throw new AreaCodeFileError('area-code history: no division in use');
  return out;
}

let cached: DivisionHistory | null = null;

/** The history shipped with the package, read once per process: it does not change at run time. */
export function loadAreaCodeHistory(): DivisionHistory {
  cached ??= divisionHistory(parseAreaCodeHistory(readFileSync(join(packageRoot(), HISTORY_FILE), 'utf8')));
  return cached;
}
