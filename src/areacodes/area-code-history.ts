import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  divisionHistory, provinceDivisions, provincesInUse, type DivisionHistory, type DivisionLevel, type DivisionRecord, type ProvinceDivisions,
} from '../core/county-routing.js';
import { CodedError } from '../core/errors.js';

/**
 * China's division codes since 1980, every province (CC0), shipped with the package so routing never
 * depends on a path outside it.
 */
export const AREA_CODES_FILE = 'data/areacodes/areacodes-history.csv';

const LEVELS: Readonly<Record<string, DivisionLevel>> = { 省级: 'province', 地级: 'city', 县级: 'county' };

export class AreaCodeFileError extends CodedError<'AREA_CODES_INVALID'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('AREA_CODES_INVALID', message, options);
  }
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

let records: readonly DivisionRecord[] | null = null;
let wholeCountry: DivisionHistory | null = null;
const byProvince = new Map<string, ProvinceDivisions | null>();

/** Every row of the history shipped with the package, read once per process: it does not change at run time. */
export function loadAreaCodeRecords(): readonly DivisionRecord[] {
  records ??= parseAreaCodeHistory(readFileSync(join(packageRoot(), AREA_CODES_FILE), 'utf8'));
  return records;
}

/** The whole country's history. */
export function loadAreaCodeHistory(): DivisionHistory {
  wholeCountry ??= divisionHistory(loadAreaCodeRecords());
  return wholeCountry;
}

/** Provinces in use today by two-digit code, with their names. */
export function loadProvinces(): ReadonlyMap<string, string> {
  return provincesInUse(loadAreaCodeRecords());
}

/** The configured province's divisions; null when no province in use has the code. */
export function loadProvinceDivisions(provinceCode: string): ProvinceDivisions | null {
  if (!byProvince.has(provinceCode)) byProvince.set(provinceCode, provinceDivisions(loadAreaCodeRecords(), provinceCode));
  return byProvince.get(provinceCode) ?? null;
}

/** As loadProvinceDivisions, for a province the configuration has already checked. */
export function requireProvinceDivisions(provinceCode: string): ProvinceDivisions {
  const divisions = loadProvinceDivisions(provinceCode);
  if (divisions === null) throw new AreaCodeFileError(`no province with code ${provinceCode} in ${AREA_CODES_FILE}`);
  return divisions;
}
