import { areaScope } from '../core/area-scope.js';
import { areaCovers } from '../core/console-access.js';
import { divisionDisplayName } from '../core/county-routing.js';
import type { RunRecord } from '../db/repositories/sync-run.repository.js';
import { collectCountyFindings } from '../reports/county-findings.js';
import type { CountyReport } from '../reports/county-report.js';
import { REPORTABLE_STATUSES } from '../reports/report-dispatch.js';
import type { ConsoleDeps } from './console-deps.js';

export interface AreaReport {
  run: RunRecord;
  /** The report of the area as its mail would carry it (a city's gathers its counties'). */
  report: CountyReport;
  /** Findings per division the area covers, today's codes. */
  counties: { code: string; name: string; schools: number; people: number }[];
}

/** The latest sync that made findings, or null before the first. */
export async function latestReportableRun(deps: ConsoleDeps): Promise<RunRecord | null> {
  return (await deps.repos.runs.latestSyncWithStatus(REPORTABLE_STATUSES)) ?? null;
}

/**
 * What the latest run found for an area: the same findings, routed the same way, as the county
 * reports of that run (src/reports/county-findings.ts), gathered over the divisions the area covers.
 */
export async function areaReport(deps: ConsoleDeps, area: string): Promise<AreaReport | null> {
  const run = await latestReportableRun(deps);
  if (!run) return null;
  const all = await collectCountyFindings(deps.repos, run.id, deps.divisions, areaScope(area, deps.divisions));
  const covered = [...all.values()].filter((c) => areaCovers(area, c.countyCode, deps.divisions)).sort((a, b) => (a.countyCode < b.countyCode ? -1 : 1));
  return {
    run,
    report: {
      provinceName: deps.divisions.name, countyCode: area, countyName: divisionDisplayName(area, deps.divisions), bureauName: null,
      runId: run.id, runStartedAtMs: run.startedAtMs, schools: covered.flatMap((c) => c.schools), people: covered.flatMap((c) => c.people),
    },
    counties: covered.map((c) => ({ code: c.countyCode, name: divisionDisplayName(c.countyCode, deps.divisions), schools: c.schools.length, people: c.people.length })),
  };
}

/** Findings per division in the latest run, for the list of areas. */
export async function areasWithFindings(deps: ConsoleDeps): Promise<{ run: RunRecord | null; areas: { code: string; name: string; schools: number; people: number }[] }> {
  const run = await latestReportableRun(deps);
  if (!run) return { run: null, areas: [] };
  const all = await collectCountyFindings(deps.repos, run.id, deps.divisions);
  const areas = [...all.values()]
    .map((c) => ({ code: c.countyCode, name: divisionDisplayName(c.countyCode, deps.divisions), schools: c.schools.length, people: c.people.length }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  return { run, areas };
}
