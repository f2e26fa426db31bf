import { areasScope } from '../core/area-scope.js';
import { areaCovers } from '../core/console-access.js';
import type { RunRecord } from '../db/repositories/sync-run.repository.js';
import { isReportable } from '../reports/report-dispatch.js';
import type { ConsoleDeps } from './console-deps.js';

export interface TrendPoint {
  runId: number;
  startedAtMs: number;
  /** School findings (the per-run table) routed to the divisions asked for. */
  findings: number;
}

/**
 * Findings per run over the last `limit` runs that made findings, oldest first, summed over the
 * divisions the areas cover (the whole province when null). Only the rows stored under the areas'
 * codes are read, by index.
 */
export async function findingsTrend(deps: ConsoleDeps, areas: readonly string[] | null, limit = 30): Promise<TrendPoint[]> {
  const runs: RunRecord[] = (await deps.repos.runs.latest(limit * 3)).filter(isReportable).slice(0, limit).reverse();
  const scope = areas === null ? null : areasScope(areas, deps.divisions);
  const covers = areas === null ? null : (code: string) => areas.some((a) => areaCovers(a, code, deps.divisions));
  const counts = await deps.consoleFindings.countsByRunAndArea(runs.map((r) => r.id), scope);
  const perRun = new Map<number, number>();
  for (const c of counts) if (!covers || covers(c.countyCode)) perRun.set(c.runId, (perRun.get(c.runId) ?? 0) + c.findings);
  return runs.map((r) => ({ runId: r.id, startedAtMs: r.startedAtMs, findings: perRun.get(r.id) ?? 0 }));
}
