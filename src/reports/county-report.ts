import { createHash } from 'node:crypto';
import type { MismatchFinding, PersonProblem } from '../core/mismatch-finding.js';

/** Everything one county bureau is told about one run. */
export interface CountyReport {
  /** The configured province as the division history names it (江苏省): whose sync this is. */
  provinceName: string;
  countyCode: string;
  /** 南京市玄武区, 昆山市, … */
  countyName: string;
  /** The bureau as configured, e.g. 南京市玄武区教育局; null when none is named. */
  bureauName: string | null;
  runId: number;
  /** When the run started, epoch ms: shown, never hashed. */
  runStartedAtMs: number;
  schools: readonly MismatchFinding[];
  people: readonly PersonProblem[];
}

/**
 * Hash of what a report says, not of when or by which run it was made: a run that finds the
 * same problems makes the same hash, so the county is not told the same thing twice.
 */
export function reportContentHash(report: Pick<CountyReport, 'countyCode' | 'schools' | 'people'>): string {
  const schools = report.schools
    .map((f) => [f.kind, f.institutionCode, f.enteredName, f.registryName, f.teacherCount, f.suggestedCode])
    .map((row) => JSON.stringify(row))
    .sort();
  const people = report.people
    .map((p) => [p.teacherId, p.code, p.idNumberMasked, p.detail, p.institutionCode, p.institutionName])
    .map((row) => JSON.stringify(row))
    .sort();
  return createHash('sha256').update(JSON.stringify([report.countyCode, schools, people])).digest('hex');
}

export const ALL_CLEAR_HASH = createHash('sha256').update('all-clear').digest('hex');

/** Calendar date of a moment in China Standard Time (UTC+8, no daylight saving). */
export function chinaDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function chinaDateTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
