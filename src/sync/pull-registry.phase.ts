import type { ProblemRecord } from '../db/repositories/sync-problem.repository.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';

/** Replaces the registry snapshot with what the registry lists now. */
export async function pullRegistry(ctx: PhaseContext): Promise<{ institutions: number; rejected: number }> {
  const { deps, repos, runId, signal } = ctx;
  ctx.progress.start('registry', null);
  let institutions = 0;
  let rejected = 0;
  for await (const page of deps.registry.pages(signal)) {
    throwIfAborted(signal);
    await repos.registry.upsert(page.records, runId);
    const problems: ProblemRecord[] = page.rejected.map((r) => ({
      runId, teacherId: null, code: 'SCHEMA_INVALID', detail: `registry record ${r.line}: ${r.reason}`, institutionCode: null, countyCode: null,
    }));
    await repos.problems.insert(problems);
    institutions += page.records.length;
    rejected += page.rejected.length;
    ctx.progress.advance(page.records.length);
  }
  const removed = await repos.registry.removeUnseen(runId);
  ctx.progress.finish();
  deps.log.info({ runId, institutions, rejected, removed }, 'registry pulled');
  return { institutions, rejected };
}
