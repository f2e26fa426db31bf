import type { AreaScope } from '../../core/area-scope.js';

/** Findings of one run routed to one division. */
export interface RunAreaCount {
  runId: number;
  countyCode: string;
  findings: number;
}

/** Read-only counts for the console's trend charts (the console writes nothing here). */
export interface ConsoleFindingsStore {
  /** Findings per run and division, for the given runs; with a scope, only the rows stored under its codes. */
  countsByRunAndArea(runIds: readonly number[], scope?: AreaScope | null): Promise<RunAreaCount[]>;
}
