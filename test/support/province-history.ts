import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAreaCodeHistory } from '../../src/areacodes/area-code-history.js';
import { divisionHistory, type DivisionHistory, type DivisionRecord } from '../../src/core/county-routing.js';

/** The whole country's division history as the package ships it, parsed once per test file. */
let csv: string | null = null;
let all: DivisionRecord[] | null = null;

function historyCsv(): string {
  csv ??= readFileSync(join(import.meta.dirname, '../../data/areacodes/areacodes-history.csv'), 'utf8');
  return csv;
}

function nationalRecords(): DivisionRecord[] {
  all ??= parseAreaCodeHistory(historyCsv());
  return all;
}

/** The year each code was first used (启用时间), which the parsed records leave out. */
let started: Map<string, number> | null = null;

export function firstUsed(): ReadonlyMap<string, number> {
  if (started) return started;
  const out = (started = new Map<string, number>());
  for (const line of historyCsv().split(/\r?\n/).slice(1)) {
    const [code, , , , , , start] = line.split(',');
    if (code && start && /^\d{4}$/.test(start)) out.set(code, Math.min(out.get(code) ?? 9999, Number(start)));
  }
  return out;
}

/** One province's divisions over time (the records whose code starts with its two digits). */
export function provinceHistory(province: string): DivisionHistory {
  return divisionHistory(nationalRecords().filter((r) => r.code.startsWith(province)));
}
