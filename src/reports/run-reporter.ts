import type { RunReporter } from '../sync/ports.js';
import { coerceError } from '../core/errors.js';
import { dispatchReports, type DispatchOutcome, type ReportContext } from './report-dispatch.js';

function tally(outcomes: readonly DispatchOutcome[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of outcomes) out[`${o.kind}:${o.status}`] = (out[`${o.kind}:${o.status}`] ?? 0) + 1;
  return out;
}

/**
 * After each run: the county reports that changed, the all-clears, and the provincial summary.
 * A delivery that fails is recorded and logged; nothing here fails the run.
 */
export function createRunReporter(ctx: ReportContext): RunReporter {
  return {
    async afterRun(runId) {
      try {
        const outcomes = await dispatchReports(ctx, runId, { allClear: true, summary: true });
        const failed = outcomes.filter((o) => o.status === 'failed');
        const log = failed.length > 0 ? ctx.log.warn.bind(ctx.log) : ctx.log.info.bind(ctx.log);
        log({ runId, channel: ctx.mailer.channel, deliveries: tally(outcomes) }, failed.length > 0 ? 'reports delivered, some failed' : 'reports delivered');
      } catch (e) {
        ctx.log.error({ runId, err: coerceError(e).message }, 'reports could not be made');
      }
    },
  };
}
