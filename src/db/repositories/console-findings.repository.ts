import type { Db } from '../database.js';

/** Findings of one run routed to one division. */
export interface RunAreaCount {
  runId: number;
  countyCode: string;
  findings: number;
}

/** Read-only counts for the console's trend charts (the console writes nothing here). */
export class ConsoleFindingsRepository {
  constructor(private readonly db: Db) {}

  /** Findings per run and division, for the given runs. */
  async countsByRunAndArea(runIds: readonly number[]): Promise<RunAreaCount[]> {
    if (runIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('finding')
      .select(['run_id', 'county_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', 'in', [...runIds])
      .groupBy(['run_id', 'county_code'])
      .execute();
    return rows.map((r) => ({ runId: Number(r.run_id), countyCode: r.county_code, findings: Number(r.n) }));
  }
}
