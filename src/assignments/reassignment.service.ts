import type { CampusRule } from '../core/campus-choice.js';
import type { Storage } from '../db/port.js';
import type { PlanItemStore } from '../db/ports/plan-item.port.js';
import type { RunSummary } from '../sync/sync-run.js';
import { checkMoves, checkUndo, recordMoves, recordUndo, type Actor, type CheckedMove, type CheckedUndo, type MoveRequest, type RefusedMove } from './reassignment.js';

/** What the plan of the run that pushed the moves says for the moved teachers. */
export type PlannedChange = Awaited<ReturnType<PlanItemStore['forTeachers']>>[number];

export interface PushedMoves {
  summary: RunSummary;
  /** Empty when nothing needed pushing for these teachers (or the run never got a plan). */
  items: PlannedChange[];
}

/** A push was asked for where the platforms are not configured. */
export class PushNowUnavailableError extends Error {
  readonly code = 'PUSH_NOW_UNAVAILABLE';
}

/**
 * Manual assignments, as the CLI and the web console make them: check (nothing written), record
 * (checked again in one transaction, all or nothing), and optionally push at once. The steps are
 * separate so that a caller can show what it is about to record and ask before it does.
 */
export interface ReassignmentService {
  check(requests: readonly MoveRequest[], opts: { force: boolean }): Promise<{ moves: CheckedMove[]; refused: RefusedMove[] }>;
  /** Throws MovesChangedError when the database changed since `check`: nothing is then recorded. */
  record(moves: readonly CheckedMove[], actor: Actor, opts: { force: boolean }): Promise<void>;
  checkUndo(teacherId: string): Promise<CheckedUndo | { refused: string }>;
  /** Throws MovesChangedError when the assignment changed since `checkUndo`. */
  recordUndo(undo: CheckedUndo, actor: Actor, reason: string | null): Promise<void>;
  /** Whether `pushNow` can run here (the platforms are configured). */
  readonly canPush: boolean;
  /**
   * A delta sync right away: it pushes these teachers' moves along with anything else pending.
   * Throws SyncAlreadyRunningError when another run holds the lock: that run, or the next, pushes them.
   */
  pushNow(teacherIds: readonly string[]): Promise<PushedMoves>;
}

export interface ReassignmentDeps {
  storage: Storage;
  campus: CampusRule;
  /** Runs a delta sync; null where the platforms are not configured. */
  runSync: (() => Promise<RunSummary>) | null;
}

export function createReassignmentService({ storage, campus, runSync }: ReassignmentDeps): ReassignmentService {
  return {
    check: (requests, opts) => checkMoves(storage.repos, requests, opts),
    record: (moves, actor, opts) => recordMoves(storage, moves, actor, opts),
    checkUndo: (teacherId) => checkUndo(storage.repos, teacherId, campus),
    recordUndo: (undo, actor, reason) => recordUndo(storage, undo, actor, reason),
    canPush: runSync !== null,
    async pushNow(teacherIds) {
      if (runSync === null) throw new PushNowUnavailableError('the platforms are not configured here, so nothing can be pushed now: the next sync pushes the change');
      const summary = await runSync();
      const items = summary.runId === null ? [] : await storage.repos.plan.forTeachers(summary.runId, teacherIds);
      return { summary, items };
    },
  };
}
