import { listingChanges } from '../core/listing-diff.js';
import type { RegistryInstitution } from '../core/types.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import type { UpstreamGuard } from './upstream-guard.js';

const sameInstitution = (a: RegistryInstitution, b: RegistryInstitution) =>
  a.name === b.name && a.countyCode === b.countyCode && a.category === b.category && a.status === b.status;

/**
 * Brings the registry snapshot to what the registry lists now. The listing is held whole (a
 * province has tens of thousands of codes) and set against the snapshot: only new and changed
 * codes are written and codes no longer listed removed, nothing at all when nothing changed, and
 * nothing before the whole listing was read and believed.
 */
export async function pullRegistry(ctx: PhaseContext, guard: UpstreamGuard): Promise<{ institutions: number; rejected: number }> {
  const { deps, repos, runId, signal } = ctx;
  const before = await repos.registry.count();
  ctx.progress.start('registry', null);
  const listed: RegistryInstitution[] = [];
  let rejected = 0;
  for await (const page of deps.registry.pages(signal)) {
    throwIfAborted(signal);
    await repos.problems.insert(page.rejected.map((r) => ({
      runId, teacherId: null, code: 'SCHEMA_INVALID', detail: `registry record ${r.line}: ${r.reason}`, institutionCode: null, countyCode: null,
    })));
    listed.push(...page.records);
    rejected += page.rejected.length;
    ctx.progress.advance(page.records.length);
  }
  const institutions = listed.length;
  // Before anything is written or removed: a registry that lost many codes is not believed.
  guard('institution registry', before, institutions);
  const stored = new Map((await repos.registry.all()).map((r) => [r.code, r]));
  const { write, unlisted } = listingChanges(listed, stored, (r) => r.code, sameInstitution);
  await repos.registry.upsert(write, runId);
  const removed = await repos.registry.remove(unlisted);
  ctx.progress.finish();
  deps.log.info({ runId, institutions, rejected, written: write.length, removed }, 'registry pulled');
  return { institutions, rejected };
}
