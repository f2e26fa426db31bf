import { validateTeacher } from '../core/teacher-validation.js';
import type { SourceTeacher } from '../core/types.js';
import type { ProblemRecord } from '../db/repositories/sync-problem.repository.js';
import type { StoredState, TeacherRow } from '../db/repositories/teacher.repository.js';
import type { ChangedPeople } from './changed-people.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import { readAhead } from './read-ahead.js';
import { contentMac, toTeacherRow } from './teacher-row.js';

export const TEACHER_CURSOR = 'ttp.teachers';
const MAX_TEACHER_ID = 64;

export interface PullResult {
  pulled: number;
  quarantined: number;
  written: number;
  maxUpdatedAtMs: number | null;
}

/**
 * Pulls teachers page by page: each page is validated, compared with what is stored and written
 * before the next is fetched, so memory holds one page whatever the population.
 */
export interface PullOptions {
  updatedSinceMs: number | null;
  /** Told of every person a written record touches, and whether any entered school changed. */
  changed: ChangedPeople;
}

export async function pullTeachers(ctx: PhaseContext, opts: PullOptions): Promise<PullResult> {
  const { deps, repos, runId, signal } = ctx;
  const categories = deps.policy.institutionCategories;
  const result: PullResult = { pulled: 0, quarantined: 0, written: 0, maxUpdatedAtMs: null };
  const updatedSince = opts.updatedSinceMs === null ? undefined : new Date(opts.updatedSinceMs).toISOString();
  // An updatedAt far ahead of now would hold the delta mark there and hide every later change.
  const asOfMs = deps.clock();
  ctx.progress.start('teachers', null);

  // A page is written while the next is validated and hashed: the database and this process work
  // at once. One write is in flight at most, and pages are written in the order they came; what
  // the page in flight holds is read from it, not from the table it is being written to.
  let writing: Promise<void> = Promise.resolve();
  let inFlight = new Map<string, StoredState>();
  try {
    for await (const page of readAhead(deps.teachers.pages({ updatedSince, signal }))) {
      throwIfAborted(signal);
      const problems: ProblemRecord[] = [];
      for (const r of page.rejected) {
        problems.push({
          runId, teacherId: r.teacherId && r.teacherId.length <= MAX_TEACHER_ID ? r.teacherId : null,
          code: 'SCHEMA_INVALID', detail: r.reason, institutionCode: null, countyCode: null,
        });
      }
      // The same teacher twice in one page: the later entry stands.
      const byId = new Map<string, SourceTeacher>();
      for (const rec of page.records) {
        if (rec.teacherId.length === 0 || rec.teacherId.length > MAX_TEACHER_ID) {
          problems.push({ runId, teacherId: null, code: 'SCHEMA_INVALID', detail: `teacherId is empty or longer than ${MAX_TEACHER_ID} characters`, institutionCode: null, countyCode: null });
          continue;
        }
        byId.set(rec.teacherId, rec);
      }
      const checked = [...byId.values()].map((rec) => {
        const v = validateTeacher(rec, { categories, asOfMs });
        return { v, mac: contentMac(v, deps.cipher) };
      });
      const stored = await repos.teachers.storedState([...byId.keys()]);
      const changed: TeacherRow[] = [];
      const unchanged: string[] = [];
      const written = new Map<string, StoredState>();
      for (const { v, mac } of checked) {
        const t = v.teacher;
        if (v.problems.length > 0) {
          result.quarantined++;
          for (const p of v.problems) {
            problems.push({ runId, teacherId: t.teacherId, code: p.code, detail: p.detail, institutionCode: t.institutionCode, countyCode: t.countyCode });
          }
        }
        if (t.updatedAtMs > 0 && (result.maxUpdatedAtMs === null || t.updatedAtMs > result.maxUpdatedAtMs)) result.maxUpdatedAtMs = t.updatedAtMs;
        const before = inFlight.get(t.teacherId) ?? stored.get(t.teacherId);
        if (before?.seenRunId === runId) {
          // Listed again on a later page of the same pull: the later entry stands, and it is said.
          problems.push({ runId, teacherId: t.teacherId, code: 'SCHEMA_INVALID', detail: 'teacherId listed twice in one pull; the later entry is used', institutionCode: t.institutionCode, countyCode: t.countyCode });
        }
        if (before?.contentMac === mac) {
          unchanged.push(t.teacherId);
          written.set(t.teacherId, { ...before, seenRunId: runId, gone: false });
          // Listed again after a full pull had found it gone: it comes back.
          if (before.gone) {
            opts.changed.add(before.groupKey);
            opts.changed.enteredSchoolsChanged = true;
          }
          continue;
        }
        const row = toTeacherRow(v, mac, deps.cipher, runId);
        changed.push(row);
        written.set(t.teacherId, {
          contentMac: mac, seenRunId: runId, groupKey: row.group_key, institutionCode: row.institution_code,
          institutionName: row.institution_name, countyCode: row.county_code, gone: false,
        });
        opts.changed.add(row.group_key);
        if (before) opts.changed.add(before.groupKey);
        if (!before || before.gone || before.institutionCode !== row.institution_code || before.institutionName !== row.institution_name || before.countyCode !== row.county_code) {
          opts.changed.enteredSchoolsChanged = true;
        }
      }
      await writing;
      inFlight = written;
      writing = (async () => {
        await repos.teachers.upsert(changed);
        await repos.teachers.markSeen(unchanged, runId);
        await repos.problems.insert(problems);
      })();
      // Met at the next page or at the end; until then a failure must not count as unhandled.
      writing.catch(() => {});
      result.pulled += page.records.length + page.rejected.length;
      result.quarantined += page.rejected.length;
      result.written += changed.length;
      ctx.progress.advance(page.records.length + page.rejected.length);
    }
    await writing;
  } finally {
    // Whatever ended the pull, nothing of it is still being written when it returns.
    await writing.catch(() => {});
  }
  ctx.progress.finish();
  deps.log.info({ runId, ...result, updatedSince: updatedSince ?? null }, 'teachers pulled');
  return result;
}
