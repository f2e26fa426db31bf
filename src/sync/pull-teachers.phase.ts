import type { ProblemRecord } from '../core/run-problem.js';
import { storableTeacherId, supersededEntries, teacherIdProblem } from '../core/teacher-id.js';
import { validateTeacher } from '../core/teacher-validation.js';
import type { SourceTeacher, ValidatedTeacher } from '../core/types.js';
import type { StoredState, StoredTeacher } from '../db/ports/teacher.port.js';
import type { ChangedPeople } from './changed-people.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';
import { ListedTeachers } from './listed-teachers.js';
import type { TeacherSource } from './ports.js';
import { readAhead } from './read-ahead.js';
import { contentMac, toStoredTeacher } from './teacher-row.js';

export const TEACHER_CURSOR = 'ttp.teachers';

export interface PullResult {
  pulled: number;
  quarantined: number;
  written: number;
  maxUpdatedAtMs: number | null;
  /** The records the pull listed, by number: after a complete full pull, the others are gone. */
  listed: ListedTeachers;
}

export interface PullOptions {
  updatedSinceMs: number | null;
  /** Told of every person a written record touches, and whether any entered school changed. */
  changed: ChangedPeople;
}

type SourcePage = TeacherSource extends { pages(opts: never): AsyncIterable<infer P> } ? P : never;

/** What one page comes to: the records to write, those that came back unchanged, and what was said of them. */
interface SortedPage {
  changed: StoredTeacher[];
  /** Unchanged records a full pull had found gone: only their return is written. */
  back: string[];
  problems: ProblemRecord[];
  /** What the table holds of the page's records once it is written. */
  written: Map<string, StoredState>;
}

/** The page's records whose teacherId can be taken, one per teacherId (the later entry); the others as problems. */
function takenRecords(runId: number, page: SourcePage, problems: ProblemRecord[]): SourceTeacher[] {
  for (const r of page.rejected) {
    problems.push({ runId, teacherId: storableTeacherId(r.teacherId), code: 'SCHEMA_INVALID', detail: r.reason, institutionCode: null, countyCode: null });
  }
  const superseded = supersededEntries(page.records, (rec) => rec.teacherId);
  const out: SourceTeacher[] = [];
  page.records.forEach((rec, i) => {
    const idProblem = teacherIdProblem(rec.teacherId);
    if (idProblem !== null) problems.push({ runId, teacherId: null, code: 'SCHEMA_INVALID', detail: idProblem, institutionCode: null, countyCode: null });
    else if (!superseded.has(i)) out.push(rec);
  });
  return out;
}

/** Notes a record that came back or moved to another person or school, for the plan and the findings. */
function noteChange(changed: ChangedPeople, before: StoredState | undefined, row: StoredTeacher): void {
  changed.add(row.groupKey);
  if (before) changed.add(before.groupKey);
  if (!before || before.gone || before.institutionCode !== row.institutionCode || before.institutionName !== row.institutionName || before.countyCode !== row.countyCode) {
    changed.enteredSchoolsChanged = true;
  }
}

/**
 * Sets a page's checked records against what is stored (or being written from the page before):
 * each is noted as listed; unchanged ones are not written, changed ones are.
 */
function sortPage(ctx: PhaseContext, opts: PullOptions, checked: readonly { v: ValidatedTeacher; mac: string }[], stored: ReadonlyMap<string, StoredState>, result: PullResult, problems: ProblemRecord[]): SortedPage {
  const { deps, runId } = ctx;
  const { listed } = result;
  const out: SortedPage = { changed: [], back: [], problems, written: new Map() };
  for (const { v, mac } of checked) {
    const t = v.teacher;
    if (v.problems.length > 0) {
      result.quarantined++;
      for (const p of v.problems) problems.push({ runId, teacherId: t.teacherId, code: p.code, detail: p.detail, institutionCode: t.institutionCode, countyCode: t.countyCode });
    }
    if (t.updatedAtMs > 0 && (result.maxUpdatedAtMs === null || t.updatedAtMs > result.maxUpdatedAtMs)) result.maxUpdatedAtMs = t.updatedAtMs;
    const before = stored.get(t.teacherId);
    if (before !== undefined && listed.has(before.seq)) {
      // Listed again on a later page of the same pull: the later entry stands, and it is said.
      problems.push({ runId, teacherId: t.teacherId, code: 'SCHEMA_INVALID', detail: 'teacherId listed twice in one pull; the later entry is used', institutionCode: t.institutionCode, countyCode: t.countyCode });
    }
    if (before?.contentMac === mac) {
      listed.add(before.seq);
      out.written.set(t.teacherId, { ...before, gone: false });
      // Listed again after a full pull had found it gone: it comes back.
      if (before.gone) {
        out.back.push(t.teacherId);
        opts.changed.add(before.groupKey);
        opts.changed.enteredSchoolsChanged = true;
      }
      continue;
    }
    const seq = before?.seq ?? listed.numberNew();
    listed.add(seq);
    const row = toStoredTeacher(v, mac, deps.cipher, runId, seq);
    out.changed.push(row);
    out.written.set(t.teacherId, {
      seq, contentMac: mac, groupKey: row.groupKey, institutionCode: row.institutionCode,
      institutionName: row.institutionName, countyCode: row.countyCode, gone: false,
    });
    noteChange(opts.changed, before, row);
  }
  return out;
}

/**
 * Pulls teachers page by page: each page is validated, compared with what is stored and written
 * before the next is fetched, so memory holds one page whatever the population.
 */
export async function pullTeachers(ctx: PhaseContext, opts: PullOptions): Promise<PullResult> {
  const { deps, repos, runId, signal } = ctx;
  const categories = deps.policy.institutionCategories;
  const result: PullResult = { pulled: 0, quarantined: 0, written: 0, maxUpdatedAtMs: null, listed: new ListedTeachers(await repos.teachers.lastSeq()) };
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
      const records = takenRecords(runId, page, problems);
      // What is stored of the page is read while the page is checked: the database and this
      // process work at once. One turn of the event loop sends the read before the checking starts.
      const reading = repos.teachers.storedState(records.map((r) => r.teacherId));
      reading.catch(() => {});
      await new Promise((resolve) => setImmediate(resolve));
      const checked = records.map((rec) => {
        const v = validateTeacher(rec, { categories, asOfMs });
        return { v, mac: contentMac(v, deps.cipher) };
      });
      const stored = await reading;
      for (const [id, state] of inFlight) stored.set(id, state);
      const sorted = sortPage(ctx, opts, checked, stored, result, problems);
      await writing;
      inFlight = sorted.written;
      writing = (async () => {
        await repos.teachers.upsert(sorted.changed);
        await repos.teachers.markSeen(sorted.back, runId);
        await repos.problems.insert(sorted.problems);
      })();
      // Met at the next page or at the end; until then a failure must not count as unhandled.
      writing.catch(() => {});
      result.pulled += page.records.length + page.rejected.length;
      result.quarantined += page.rejected.length;
      result.written += sorted.changed.length;
      ctx.progress.advance(page.records.length + page.rejected.length);
    }
    await writing;
  } finally {
    // Whatever ended the pull, nothing of it is still being written when it returns.
    await writing.catch(() => {});
  }
  ctx.progress.finish();
  const { pulled, quarantined, written, maxUpdatedAtMs } = result;
  deps.log.info({ runId, pulled, quarantined, written, maxUpdatedAtMs, updatedSince: updatedSince ?? null }, 'teachers pulled');
  return result;
}
