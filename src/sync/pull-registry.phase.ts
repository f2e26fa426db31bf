import { throwIfAborted, type PhaseContext } from './phase-context.js';
import type { UpstreamGuard } from './upstream-guard.js';

/** Replaces the registry snapshot with what the registry lists now. */
export async function pullRegistry(ctx: PhaseContext, guard: UpstreamGuard): Promise<{ institutions: number; rejected: number }> {
  const { deps, repos, runId, signal } = ctx;
  const before = await repos.registry.count();
  ctx.progress.start('registry', null);
  let institutions = 0;
  let rejected = 0;
  for await (const page of deps.registry.pages(signal)) {
    throwIfAborted(signal);
    await repos.registry.upsert(page.records, runId);
    await repos.problems.insert(page.rejected.map((r) => ({
      runId, teacherId: null, code: 'SCHEMA_INVALID', detail: `registry record ${r.line}: ${r.reason}`, institutionCode: null, countyCode: null,
    })));
    institutions += page.records.length;
    rejected += page.rejected.length;
    ctx.progress.advance(page.records.length);
  }
  // Before anything listed earlier is removed: a registry that lost many codes is not believed.
  guard('institution registry', before, institutions);
  const removed = await repos.registry.removeUnseen(runId);
  ctx.progress.finish();
  deps.log.info({ runId, institutions, rejected, removed }, 'registry pulled');
  return { institutions, rejected };
}
