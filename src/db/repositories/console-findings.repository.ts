import { sql } from 'kysely';
import type { AreaScope } from '../../core/area-scope.js';
import { codeInAreaScope } from '../area-scope-filter.js';
import type { Db } from '../database.js';
import type { ConsoleFindingsStore, RunAreaCount } from '../ports/console-findings.port.js';

export type { RunAreaCount } from '../ports/console-findings.port.js';

/** Read-only counts for the console's trend charts (the console writes nothing here). */
export class ConsoleFindingsRepository implements ConsoleFindingsStore {
  constructor(private readonly db: Db) {}

  /** Findings per run and division, for the given runs; with a scope, of the divisions stored under its codes only. */
  async countsByRunAndArea(runIds: readonly number[], scope: AreaScope | null = null): Promise<RunAreaCount[]> {
    if (runIds.length === 0) return [];
    let q = this.db
      .selectFrom('finding')
      .select(['run_id', 'county_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', 'in', [...runIds]);
    if (scope) q = q.where(codeInAreaScope(sql.ref('county_code'), scope));
    const rows = await q.groupBy(['run_id', 'county_code']).execute();
    return rows.map((r) => ({ runId: Number(r.run_id), countyCode: r.county_code, findings: Number(r.n) }));
  }
}
