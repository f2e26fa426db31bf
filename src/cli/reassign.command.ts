import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { createApp } from '../app.js';
import { MovesFileError, readMovesCsv } from '../assignments/moves-csv.js';
import { MovesChangedError, type Actor, type CheckedMove, type MoveRequest } from '../assignments/reassignment.js';
import type { ReassignmentService } from '../assignments/reassignment.service.js';
import { loadBaseConfig, loadSyncConfig, type BaseConfig } from '../config/config.js';
import { SyncAlreadyRunningError } from '../sync/sync-errors.js';
import { quietLogger, withApp } from './command-app.js';
import { CliError, EXIT, exitCodeOf } from './exit-codes.js';
import { table, truncate } from './format.js';
import type { CliIo } from './io.js';

interface ReassignFlags {
  teacher?: string;
  school?: string;
  reason?: string;
  file?: string;
  yes?: boolean;
  undo?: string;
  by?: string;
  force?: boolean;
  pushNow?: boolean;
  json?: boolean;
}

/** The person at the keyboard, when --by does not name who asked for the change. */
function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function usage(message: string): never {
  throw new CliError(`${message} (see teacher-sync reassign --help)`, EXIT.usage);
}

export function registerReassign(program: Command, io: CliIo): void {
  program
    .command('reassign')
    .description("record a manual assignment of a teacher to a school (campus) of the teacher's code; it wins over every rule until undone")
    .option('--teacher <teacherId>', 'the teacher to assign (with --school and --reason)')
    .option('--school <schoolId>', 'the student-record school to assign the teacher to')
    .option('--reason <text>', 'why: kept in the audit log')
    .option('--file <csv>', 'apply a CSV of moves (teacherId,schoolId,reason), all or none')
    .option('--yes', 'with --file: record without asking')
    .option('--undo <teacherId>', "remove the teacher's assignment: the rules place the teacher again")
    .option('--by <name>', 'who asked for the change (default: your user name)')
    .option('--force', "allow a school that does not carry the teacher's institution code")
    .option('--push-now', 'run a sync right after recording, so the moves are pushed at once')
    .option('--json', 'print JSON')
    .addHelpText('after', `
Examples:
  teacher-sync reassign --teacher T00012345 --school S0004567 --reason "works at the Qianjiang campus" --by "王老师"
  teacher-sync reassign --file moves.csv --yes
  teacher-sync reassign --undo T00012345 --reason "assigned by mistake"`)
    .action(async (flags: ReassignFlags) => {
      const modes = [flags.teacher, flags.file, flags.undo].filter((m) => m !== undefined).length;
      if (modes !== 1) usage('give exactly one of --teacher (with --school and --reason), --file or --undo');
      if (flags.school !== undefined && flags.teacher === undefined) usage('--school goes with --teacher');
      if (flags.yes && flags.file === undefined) usage('--yes goes with --file');
      if (flags.teacher !== undefined && (flags.school === undefined || !flags.reason?.trim())) usage('--teacher needs --school and a non-empty --reason');
      const actorName = flags.by?.trim() || osUserName();
      // A sync needs the platforms: check their settings before anything is recorded.
      const syncCfg = flags.pushNow ? loadSyncConfig(io.env) : null;
      const cfg: Readonly<BaseConfig> = syncCfg ?? loadBaseConfig(io.env);
      await withApp(createApp(cfg, { logger: quietLogger(cfg) }), async ({ reassignment }) => {
        const actor = (): Actor => ({ name: actorName, atMs: Date.now() });
        let teacherIds: string[];
        if (flags.undo !== undefined) teacherIds = await undo(io, reassignment, flags.undo, flags, actor);
        else if (flags.file !== undefined) teacherIds = await applyFile(io, reassignment, flags.file, flags, actor);
        else teacherIds = await assignOne(io, reassignment, { teacherId: flags.teacher ?? '', schoolId: flags.school ?? '', reason: flags.reason ?? '', line: null }, flags, actor);
        if (flags.pushNow && teacherIds.length > 0) await pushNow(io, reassignment, teacherIds, Boolean(flags.json));
      });
    });
}

function moveRow(m: CheckedMove): (string | number)[] {
  return [
    m.request.line ?? '', m.teacher.teacherId, m.teacher.name ?? '', m.fromSchoolId ?? '-', m.school.schoolId, m.school.campusName ?? '',
    truncate(m.request.reason, 30),
  ];
}

const MOVE_HEADERS = ['line', 'teacher', 'name', 'now at', 'to', 'campus', 'reason'];

function moveJson(m: CheckedMove) {
  return {
    teacherId: m.teacher.teacherId, name: m.teacher.name, fromSchoolId: m.fromSchoolId, schoolId: m.school.schoolId,
    campusName: m.school.campusName, reason: m.request.reason, line: m.request.line, replaces: m.previous?.schoolId ?? null,
  };
}

/** A change made by someone else since the check refuses the whole command, with the service's words. */
async function refusingChanged(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (e) {
    if (e instanceof MovesChangedError) throw new CliError(e.message);
    throw e;
  }
}

async function assignOne(io: CliIo, service: ReassignmentService, request: MoveRequest, flags: ReassignFlags, actor: () => Actor): Promise<string[]> {
  const force = Boolean(flags.force);
  const { moves, refused } = await service.check([request], { force });
  const [move] = moves;
  if (!move) throw new CliError(`refused, nothing recorded: ${refused[0]?.message ?? 'the move cannot be made'}`);
  await refusingChanged(service.record(moves, actor(), { force }));
  if (flags.json) io.out(JSON.stringify({ recorded: [moveJson(move)] }));
  else {
    const across = move.teacher.institutionCode !== move.school.institutionCode ? ` (across codes: ${move.teacher.institutionCode ?? 'none'} → ${move.school.institutionCode}, forced)` : '';
    io.out(`recorded: ${move.teacher.teacherId} ${move.teacher.name ?? ''} → ${move.school.schoolId} ${move.school.name}${move.school.campusName ? `（${move.school.campusName}）` : ''}${across}`);
    io.out(move.fromSchoolId === move.school.schoolId
      ? 'the account is already there; the assignment keeps it there whatever the rules say'
      : `the account is at ${move.fromSchoolId ?? '(no account yet)'}; ${flags.pushNow ? 'pushing now' : 'the next sync moves it (or use --push-now)'}`);
  }
  return [move.teacher.teacherId];
}

async function applyFile(io: CliIo, service: ReassignmentService, path: string, flags: ReassignFlags, actor: () => Actor): Promise<string[]> {
  const force = Boolean(flags.force);
  let parsed: Awaited<ReturnType<typeof readMovesCsv>>;
  try {
    parsed = await readMovesCsv(path);
  } catch (e) {
    if (e instanceof MovesFileError) throw new CliError(`${e.message}; nothing was recorded`);
    throw e;
  }
  const { moves, refused } = await service.check(parsed.requests, { force });
  const bad = [...parsed.bad, ...refused.map((r) => ({ line: r.request.line ?? 0, message: r.message }))].sort((a, b) => a.line - b.line);
  if (bad.length > 0) {
    for (const b of bad) io.err(`${path}:${b.line}: ${b.message}`);
    const rows = parsed.requests.length + parsed.bad.length;
    throw new CliError(`${bad.length} of ${rows} rows refused; nothing was recorded. Fix the rows above and run again.`);
  }
  if (moves.length === 0) throw new CliError(`${path} holds no moves; nothing was recorded`);
  if (flags.json) {
    // A script that confirms with --yes wants one object; one that does not, the plan it was refused.
    if (!flags.yes) io.out(JSON.stringify({ planned: moves.map(moveJson) }));
  } else {
    io.out(`${moves.length} move(s) to record from ${path}:`);
    io.out(table(MOVE_HEADERS, moves.map(moveRow)));
  }
  if (!flags.yes) {
    if (!io.ask) throw new CliError(`nothing was recorded: stdin is not a terminal, so no one can confirm. Re-run with --yes to record these ${moves.length} move(s).`, EXIT.usage);
    const answer = await io.ask(`Record these ${moves.length} move(s)? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.out('nothing was recorded');
      return [];
    }
  }
  await refusingChanged(service.record(moves, actor(), { force }));
  if (flags.json) io.out(JSON.stringify({ recorded: moves.map(moveJson) }));
  else io.out(`recorded ${moves.length} move(s); ${flags.pushNow ? 'pushing now' : 'the next sync pushes them (or use --push-now)'}`);
  return moves.map((m) => m.teacher.teacherId);
}

async function undo(io: CliIo, service: ReassignmentService, teacherId: string, flags: ReassignFlags, actor: () => Actor): Promise<string[]> {
  const checked = await service.checkUndo(teacherId);
  if ('refused' in checked) throw new CliError(checked.refused);
  await refusingChanged(service.recordUndo(checked, actor(), flags.reason?.trim() || null));
  const auto = checked.automatic;
  if (flags.json) {
    io.out(JSON.stringify({ undone: { teacherId, schoolId: checked.assignment.schoolId, fromSchoolId: checked.fromSchoolId, automatic: auto } }));
    return [teacherId];
  }
  io.out(`undone: ${teacherId} is no longer assigned to ${checked.assignment.schoolId}`);
  if (!auto) io.out(`no active school carries the teacher's code ${checked.teacher?.institutionCode ?? ''}: the account stays at ${checked.fromSchoolId ?? '-'} and is reported as held`);
  else if (auto.schoolId === checked.fromSchoolId) io.out(`the automatic choice (${auto.reason}) is ${auto.schoolId}, where the account already is`);
  else io.out(`the automatic choice (${auto.reason}) is ${auto.schoolId}: ${flags.pushNow ? 'pushing now' : 'the next sync moves the account there (or use --push-now)'}`);
  return [teacherId];
}

/** A delta sync right away, and what its plan says for these teachers. */
async function pushNow(io: CliIo, service: ReassignmentService, teacherIds: string[], json: boolean): Promise<void> {
  let pushed;
  try {
    pushed = await service.pushNow(teacherIds);
  } catch (e) {
    if (e instanceof SyncAlreadyRunningError) {
      throw new CliError(`the change is recorded but was not pushed: ${e.message}. That sync, or the next one, pushes it.`);
    }
    throw e;
  }
  const { summary, items } = pushed;
  if (json) io.out(JSON.stringify({ push: { runId: summary.runId, status: summary.status, items } }));
  else {
    io.out(`run ${summary.runId ?? '?'} ${summary.status}: created ${summary.created}, updated ${summary.updated}, moved ${summary.moved}, disabled ${summary.disabled}, failed ${summary.failed}`);
    if (items.length === 0) io.out('nothing needed pushing for these teachers (see teacher-sync accounts show --teacher ID)');
    else {
      io.out(table(['teacher', 'account', 'action', 'school', 'result'], items.map((i) => [
        i.teacherId, i.externalId, i.action, i.schoolId, i.state === 'done' ? 'pushed' : `${i.state}${i.resultCode ? ` ${i.resultCode}` : ''}`,
      ])));
    }
    if (summary.error) io.out(`error: ${summary.error}`);
  }
  io.setExitCode(exitCodeOf(summary));
}
