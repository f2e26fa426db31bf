import { listingChanges } from '../core/listing-diff.js';
import type { TargetSchool } from '../core/types.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import type { UpstreamGuard } from './upstream-guard.js';

interface StoredSchool {
  school: TargetSchool;
  listed: boolean;
}

/** A stored school is as listed when every field is, and the last pull listed it too. */
const sameSchool = (a: TargetSchool, b: StoredSchool) =>
  b.listed && a.institutionCode === b.school.institutionCode && a.name === b.school.name && a.campusName === b.school.campusName &&
  a.countyCode === b.school.countyCode && a.status === b.school.status;

/**
 * Refreshes the student-record schools; one no longer listed takes no more teachers. Like the
 * registry, only what changed is written, after the whole listing was read and believed.
 */
export async function pullSchools(ctx: PhaseContext, guard: UpstreamGuard): Promise<{ schools: number }> {
  const { deps, repos, runId, signal } = ctx;
  const before = await repos.schools.countLastListed();
  ctx.progress.start('schools', null);
  const listed: TargetSchool[] = [];
  for await (const page of deps.schools.schools(signal)) {
    throwIfAborted(signal);
    listed.push(...page);
    ctx.progress.advance(page.length);
  }
  const schools = listed.length;
  guard('student-record schools', before, schools);
  const stored = new Map((await repos.schools.listing()).map((s) => [s.school.schoolId, s]));
  const { write, unlisted } = listingChanges(listed, stored, (s) => s.schoolId, sameSchool, (s) => s.listed);
  await repos.schools.upsert(write, runId);
  const deactivated = await repos.schools.markUnlisted(unlisted);
  ctx.progress.finish();
  deps.log.info({ runId, schools, written: write.length, deactivated }, 'student-record schools pulled');
  return { schools };
}
