import { chooseSchool, type CampusRule } from '../core/campus-choice.js';
import { checkMove, type MoveRefusal } from '../core/manual-assignment.js';
import type { SchoolChoice, TargetSchool } from '../core/types.js';
import type { AuditSource } from '../core/audit-entry.js';
import type { Repositories, Storage } from '../db/port.js';
import type { PlacementState } from '../db/repositories/audit-log.repository.js';
import type { AssignmentRecord } from '../db/repositories/manual-assignment.repository.js';
import type { TeacherProfile } from '../db/repositories/teacher.repository.js';
import { currentLinks } from './current-placement.js';
import { CodedError } from '../core/errors.js';

/** One requested assignment; `line` is its line in a moves file. */
export interface MoveRequest {
  teacherId: string;
  schoolId: string;
  reason: string;
  line: number | null;
}

export interface CheckedMove {
  request: MoveRequest;
  teacher: TeacherProfile;
  school: TargetSchool;
  /** Where the teacher's account is now; null before its first push. */
  fromSchoolId: string | null;
  previous: AssignmentRecord | null;
}

/** Why a move is refused: the rule's reason, or one of the request's own. */
export type MoveRefusalCode = MoveRefusal['code'] | 'MOVED_TWICE' | 'REASON_EMPTY';

export interface RefusedMove {
  request: MoveRequest;
  code: MoveRefusalCode;
  message: string;
}

/** Who made a change, when, and from where (the command line unless said otherwise). */
export interface Actor {
  name: string;
  atMs: number;
  source?: Extract<AuditSource, 'cli' | 'web'>;
}

function assignmentState(a: AssignmentRecord | null): PlacementState['assignment'] {
  return a && { schoolId: a.schoolId, institutionCode: a.institutionCode, state: a.state, staleReason: a.staleReason };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function refusalMessage(r: MoveRefusal, request: MoveRequest, teacher: TeacherProfile | undefined, previous: AssignmentRecord | undefined): string {
  const code = teacher?.institutionCode ?? '?';
  switch (r.code) {
    case 'TEACHER_UNKNOWN':
      return `teacher ${request.teacherId} is not known: use the teacher-training platform's teacherId (e.g. T00012345); a teacher added since the last sync is known after the next one`;
    case 'SCHOOL_UNKNOWN':
      return `school ${request.schoolId} is not a student-record school: \`teacher-sync shared-codes show ${code}\` lists the schools of the teacher's code`;
    case 'SCHOOL_INACTIVE':
      return `school ${request.schoolId} is inactive on the student-record platform and takes no teachers: pick an active one (\`teacher-sync shared-codes show ${code}\`)`;
    case 'CODE_NOT_SHARED':
      return `school ${request.schoolId} carries code ${r.schoolCode} but teacher ${request.teacherId} carries ${r.teacherCode ?? 'none'}: ` +
        `pick a school of ${r.teacherCode ?? 'the teacher\'s code'} (\`teacher-sync shared-codes show ${r.teacherCode ?? ''}\`), or add --force if the move across codes is intended`;
    case 'ALREADY_ASSIGNED':
      return `teacher ${request.teacherId} is already assigned to ${request.schoolId}` +
        (previous ? ` (by ${previous.assignedBy} on ${day(previous.createdAtMs)})` : '') + ': nothing would change';
  }
}

/**
 * Checks every requested move against the database and the rules, and says why each bad one is
 * refused. Nothing is written: a file of moves is applied whole or not at all.
 */
export async function checkMoves(repos: Repositories, requests: readonly MoveRequest[], opts: { force: boolean }): Promise<{ moves: CheckedMove[]; refused: RefusedMove[] }> {
  const teacherIds = [...new Set(requests.map((r) => r.teacherId))];
  const teachers = await repos.teachers.profiles(teacherIds);
  const schools = await repos.schools.byIds([...new Set(requests.map((r) => r.schoolId))]);
  const assignments = await repos.assignments.byTeacherIds(teacherIds);
  const links = await currentLinks(repos, teachers.values());
  const moves: CheckedMove[] = [];
  const refused: RefusedMove[] = [];
  const seen = new Map<string, MoveRequest>();
  for (const request of requests) {
    const first = seen.get(request.teacherId);
    if (first) {
      refused.push({ request, code: 'MOVED_TWICE', message: `teacher ${request.teacherId} is moved twice${first.line === null ? '' : ` (first on line ${first.line})`}: give one move per teacher` });
      continue;
    }
    seen.set(request.teacherId, request);
    if (request.reason.trim() === '') {
      refused.push({ request, code: 'REASON_EMPTY', message: 'the reason is empty: say why the teacher belongs at that school' });
      continue;
    }
    const teacher = teachers.get(request.teacherId);
    const school = schools.get(request.schoolId);
    const previous = assignments.get(request.teacherId);
    const refusal = checkMove({ teacher, school, current: previous, force: opts.force });
    if (refusal !== null) {
      refused.push({ request, code: refusal.code, message: refusalMessage(refusal, request, teacher, previous) });
      continue;
    }
    // checkMove refuses an unknown teacher or school: both are known here.
    moves.push({ request, teacher: teacher!, school: school!, fromSchoolId: links.get(request.teacherId)?.schoolId ?? null, previous: previous ?? null });
  }
  return { moves, refused };
}

export class MovesChangedError extends CodedError<'MOVES_CHANGED'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MOVES_CHANGED', message, options);
  }
}

/**
 * Records the moves and their audit entries in one transaction. The moves are checked again inside
 * it, so a change made by someone else since they were shown refuses them all rather than some.
 */
export async function recordMoves(storage: Storage, moves: readonly CheckedMove[], actor: Actor, opts: { force: boolean }): Promise<void> {
  await storage.unitOfWork(async (repos) => {
    const again = await checkMoves(repos, moves.map((m) => m.request), opts);
    if (again.refused.length > 0) {
      throw new MovesChangedError(`the database changed since the moves were checked; nothing was recorded:\n${again.refused.map((r) => `  ${r.message}`).join('\n')}`);
    }
    await repos.assignments.replace(again.moves.map((m) => ({
      teacherId: m.teacher.teacherId, schoolId: m.school.schoolId, institutionCode: m.teacher.institutionCode ?? '', state: 'active',
      reason: m.request.reason.trim(), assignedBy: actor.name, createdAtMs: actor.atMs, staleReason: null, staleAtMs: null,
    })));
    await repos.audit.append(again.moves.map((m) => ({
      atMs: actor.atMs, actor: actor.name, action: 'assign', teacherId: m.teacher.teacherId, source: actor.source ?? 'cli', reason: m.request.reason.trim(),
      before: { schoolId: m.fromSchoolId, assignment: assignmentState(m.previous) },
      after: {
        schoolId: m.school.schoolId,
        assignment: { schoolId: m.school.schoolId, institutionCode: m.teacher.institutionCode ?? '', state: 'active' },
      },
    })));
  });
}

export interface CheckedUndo {
  assignment: AssignmentRecord;
  teacher: TeacherProfile | undefined;
  fromSchoolId: string | null;
  /** Where the rules put the teacher once the assignment is gone; null when no school carries its code. */
  automatic: SchoolChoice | null;
}

/** What undoing a teacher's assignment would do, or why there is nothing to undo. */
export async function checkUndo(repos: Repositories, teacherId: string, rule: CampusRule): Promise<CheckedUndo | { refused: string }> {
  const assignment = (await repos.assignments.byTeacherIds([teacherId])).get(teacherId);
  if (!assignment) {
    return { refused: `teacher ${teacherId} has no manual assignment, so there is nothing to undo (\`teacher-sync overrides list\` shows the assignments)` };
  }
  const teacher = (await repos.teachers.profiles([teacherId])).get(teacherId);
  const link = teacher ? (await currentLinks(repos, [teacher])).get(teacherId) : undefined;
  const code = teacher?.institutionCode ?? '';
  const automatic = chooseSchool({ institutionCode: code, enteredName: teacher?.institutionName ?? null, schools: await repos.schools.forCode(code), rule });
  return { assignment, teacher, fromSchoolId: link?.schoolId ?? null, automatic };
}

/** Removes the assignment, with its audit entry, in one transaction. */
export async function recordUndo(storage: Storage, undo: CheckedUndo, actor: Actor, reason: string | null): Promise<void> {
  const teacherId = undo.assignment.teacherId;
  await storage.unitOfWork(async (repos) => {
    const current = (await repos.assignments.byTeacherIds([teacherId])).get(teacherId);
    if (!current || current.schoolId !== undo.assignment.schoolId || current.createdAtMs !== undo.assignment.createdAtMs) {
      throw new MovesChangedError(`the assignment of ${teacherId} changed while it was being undone; nothing was changed: look again with \`teacher-sync accounts show --teacher ${teacherId}\``);
    }
    await repos.assignments.remove([teacherId]);
    await repos.audit.append([{
      atMs: actor.atMs, actor: actor.name, action: 'undo', teacherId, source: actor.source ?? 'cli', reason,
      before: { schoolId: undo.fromSchoolId, assignment: assignmentState(current) },
      after: { schoolId: undo.automatic?.schoolId ?? undo.fromSchoolId, assignment: null },
    }]);
  });
}
