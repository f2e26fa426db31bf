import type { Command } from 'commander';
import { listAssignments } from '../assignments/assignment-list.js';
import { countyOption, withDatabase } from './command-app.js';
import { formatTime, table, truncate } from './format.js';
import type { CliIo } from './io.js';

export function registerOverrides(program: Command, io: CliIo): void {
  const overrides = program.command('overrides').description('manual assignments of teachers to schools');
  overrides
    .command('list')
    .description('every manual assignment, where the account is now, and whether the assignment still holds')
    .option('--stale', 'only assignments that no longer hold (the teacher is kept where it is until someone acts)')
    .option('--county <code>', "only assignments to schools in this county (6 digits)")
    .option('--json', 'print JSON')
    .action(async (flags: { stale?: boolean; county?: string; json?: boolean }) => {
      const county = countyOption(flags.county);
      await withDatabase(io, async ({ repos }) => {
        const rows = await listAssignments(repos, { stale: Boolean(flags.stale), ...(county === undefined ? {} : { countyCode: county }) });
        if (flags.json) return io.out(JSON.stringify(rows));
        if (rows.length === 0) return io.out(flags.stale ? 'no stale assignment: every manual assignment still holds' : 'no manual assignment recorded');
        io.out(table(
          ['teacher', 'name', 'school', 'campus', 'now at', 'state', 'by', 'since', 'reason'],
          rows.map((r) => [
            r.teacherId, r.name ?? '', r.schoolId, r.campusName ?? '', r.accountSchoolId ?? '-',
            r.state === 'stale' ? `stale: ${r.staleReason === 'stale-code-changed' ? `code ${r.institutionCode} → ${r.teacherCode ?? '?'}` : 'school gone'}` : 'active',
            truncate(r.assignedBy, 12), formatTime(r.createdAtMs).slice(0, 10), truncate(r.reason, 24),
          ]),
        ));
        const stale = rows.filter((r) => r.state === 'stale').length;
        if (stale > 0) {
          io.out(`\n${stale} stale: each teacher is kept where it is. Assign a school of the teacher's current code ` +
            '(teacher-sync reassign --teacher ID --school S --reason ...) or return it to the rules (teacher-sync reassign --undo ID).');
        }
      });
    });
}
