import type { Command } from 'commander';
import { teacherPlacement } from '../assignments/teacher-placement.js';
import { explanationLines } from '../core/teacher-explanation-text.js';
import { withDatabase } from './command-app.js';
import { CliError, EXIT } from './exit-codes.js';
import { formatTime, table } from './format.js';
import type { CliIo } from './io.js';

export function registerAccounts(program: Command, io: CliIo): void {
  const accounts = program.command('accounts').description('the accounts the daemon manages on the student-record platform');
  accounts
    .command('show')
    .description("one teacher's record, account and assignment; the ID number is shown masked")
    .requiredOption('--teacher <teacherId>', "the teacher-training platform's teacherId")
    .option('--json', 'print JSON')
    .action(async (flags: { teacher: string; json?: boolean }) => {
      await withDatabase(io, async ({ repos }) => {
        const found = await teacherPlacement(repos, flags.teacher);
        if (!found) throw new CliError(`teacher ${flags.teacher} is not known: use the teacher-training platform's teacherId; a teacher added since the last sync is known after the next one`);
        const { teacher, link, assignment, schools, placement } = found;
        const school = link ? (schools.get(link.schoolId) ?? null) : null;
        if (flags.json) {
          const account = link && {
            externalId: link.externalId, accountId: link.accountId, username: link.username, schoolId: link.schoolId, status: link.status,
            choiceReason: link.choiceReason, pushedRunId: Number(link.pushedRunId), pushedAtMs: Number(link.pushedAtMs),
            followsTeacherId: link.teacherId,
          };
          return io.out(JSON.stringify({ teacher, account, school, assignment, placement }));
        }
        const campus = (id: string) => {
          const s = schools.get(id);
          return s ? `${s.name}${s.campusName ? `（${s.campusName}）` : ''}` : '(not listed)';
        };
        const rows: [string, string][] = [
          ['teacher', `${teacher.teacherId}  ${teacher.name ?? ''}`],
          ['ID', `${teacher.idType ?? '?'} ${teacher.idNumberMasked ?? ''}`],
          ['record', `${teacher.gone ? 'gone' : (teacher.status ?? '?')}${teacher.valid ? '' : `, quarantined: ${teacher.problems.join(', ')}`}, updated ${formatTime(teacher.updatedAtMs)}`],
          ['code', `${teacher.institutionCode ?? ''}  ${teacher.institutionName ?? ''}`],
          ['county', teacher.countyCode ?? ''],
        ];
        if (link) {
          rows.push(
            ['account', `${link.externalId} (account ${link.accountId ?? '?'}, username ${link.username ?? '?'}), ${link.status}`],
            ['school', `${link.schoolId}  ${campus(link.schoolId)}`],
            ['why there', placement],
            ['last push', `run ${link.pushedRunId} at ${formatTime(Number(link.pushedAtMs))}`],
          );
          if (link.teacherId !== teacher.teacherId) rows.push(['note', `the account follows ${link.teacherId}, a later record of the same person`]);
        } else rows.push(['account', 'none yet: the next sync creates it if the record is valid and active']);
        if (assignment) {
          rows.push(
            ['assigned', `${assignment.schoolId}  ${campus(assignment.schoolId)}, ${assignment.state}${assignment.staleReason ? ` (${assignment.staleReason})` : ''}`],
            ['assigned by', `${assignment.assignedBy} at ${formatTime(assignment.createdAtMs)}: ${assignment.reason}`],
          );
        }
        io.out(table(['field', 'value'], rows));
      });
    });
  accounts
    .command('explain')
    .description('every step a run takes for one teacher: record, checks, identity, school, campus, wave, difference, next run')
    .requiredOption('--teacher <teacherId>', "the teacher-training platform's teacherId")
    .option('--json', 'print JSON with stable field names')
    .action(async (flags: { teacher: string; json?: boolean }) => {
      await withDatabase(io, async ({ app }) => {
        if (app.explainTeacher === null) throw new CliError('PII_KEY is not set: an explanation compares the record with what was pushed, which needs the key the runs use', EXIT.usage);
        const explanation = await app.explainTeacher(flags.teacher);
        if (!explanation) throw new CliError(`teacher ${flags.teacher} is not known: use the teacher-training platform's teacherId; a teacher added since the last sync is known after the next one`, EXIT.usage);
        if (flags.json) return io.out(JSON.stringify(explanation));
        const lines = explanationLines(explanation, formatTime);
        io.out(table(['步骤', '结果'], lines.map((l) => [l.title, l.text])));
      });
    });
}
