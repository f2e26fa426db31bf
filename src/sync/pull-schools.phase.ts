import { throwIfAborted, type PhaseContext } from './phase-context.js';
import type { UpstreamGuard } from './upstream-guard.js';

/** Refreshes the student-record schools; one no longer listed takes no more teachers. */
export async function pullSchools(ctx: PhaseContext, guard: UpstreamGuard): Promise<{ schools: number }> {
  const { deps, repos, runId, signal } = ctx;
  const before = await repos.schools.countLastListed();
  ctx.progress.start('schools', null);
  let schools = 0;
  for await (const page of deps.schools.schools(signal)) {
    throwIfAborted(signal);
    await repos.schools.upsert(page, runId);
    schools += page.length;
    ctx.progress.advance(page.length);
  }
  guard('student-record schools', before, schools);
  const deactivated = await repos.schools.deactivateUnseen(runId);
  ctx.progress.finish();
  deps.log.info({ runId, schools, deactivated }, 'student-record schools pulled');
  return { schools };
}
