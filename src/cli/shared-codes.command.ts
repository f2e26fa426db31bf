import type { Command } from 'commander';
import { listSharedCodes, sharedCodeTeachers } from '../assignments/shared-codes.js';
import { countyOption, institutionCodeArgument, withDatabase } from './command-app.js';
import { CliError } from './exit-codes.js';
import { table, truncate } from './format.js';
import type { CliIo } from './io.js';

export function registerSharedCodes(program: Command, io: CliIo): void {
  const shared = program.command('shared-codes').description('institution codes that several student-record schools (campuses) share');
  shared
    .command('list')
    .description('every shared code, its schools, the canonical one, and how many teachers sit at each and why')
    .option('--county <code>', 'only codes with a school in this county (6 digits)')
    .option('--json', 'print JSON')
    .action(async (flags: { county?: string; json?: boolean }) => {
      const county = countyOption(flags.county);
      await withDatabase(io, async ({ repos, cfg }) => {
        const codes = await listSharedCodes(repos, { explicit: cfg.policy.campus.explicit }, county === undefined ? {} : { countyCode: county });
        if (flags.json) return io.out(JSON.stringify(codes));
        if (codes.length === 0) return io.out(`no institution code is shared by several schools${county ? ` in county ${county}` : ''} (as of the last sync)`);
        const rows = codes.flatMap((c) => c.schools.map((s) => [
          s.schoolId, s.campusName ?? '', s.status, s.canonical ? `* ${c.canonicalReason ?? ''}` : '',
          s.teachers.rule, s.teachers.campusNamed, s.teachers.manual, s.teachers.stale, s.pending,
        ]));
        const lines = table(['school', 'campus', 'status', 'canonical', 'rule', 'named', 'manual', 'stale', 'pending'], rows).split('\n');
        io.out(`  ${lines[0] ?? ''}`);
        io.out(`  ${lines[1] ?? ''}`);
        let at = 2;
        for (const c of codes) {
          io.out(`${c.code}  ${c.name}  (county ${c.countyCode ?? '?'})`);
          for (let i = 0; i < c.schools.length; i++) io.out(`  ${lines[at++] ?? ''}`);
        }
        io.out(`\n${codes.length} shared codes. rule: placed by a rule; named: campus named in the entered school name; ` +
          'manual: assigned by hand; stale: held by an assignment that no longer holds; pending: assigned here, moved by the next sync.');
        io.out('`teacher-sync shared-codes show <code>` lists the teachers of a code.');
      });
    });
  shared
    .command('show <code>')
    .description('the teachers of one code and where each is')
    .option('--json', 'print JSON')
    .action(async (rawCode: string, flags: { json?: boolean }) => {
      const code = institutionCodeArgument(rawCode);
      await withDatabase(io, async ({ repos }) => {
        const { schools, teachers } = await sharedCodeTeachers(repos, code);
        if (schools.length === 0) throw new CliError(`no student-record school carries code ${code}; \`teacher-sync shared-codes list\` lists the shared codes`);
        if (flags.json) return io.out(JSON.stringify({ code, schools, teachers }));
        const campus = new Map(schools.map((s) => [s.schoolId, s.campusName ?? '']));
        io.out(`${code}  ${schools[0]?.name ?? ''}: ${schools.length} school(s)`);
        io.out(table(['school', 'campus', 'status', 'county'], schools.map((s) => [s.schoolId, s.campusName ?? '', s.status, s.countyCode])));
        io.out('');
        if (teachers.length === 0) return io.out('no teacher names this code or sits at its schools');
        io.out(table(
          ['teacher', 'name', 'status', 'school', 'campus', 'why', 'assigned', 'entered school name'],
          teachers.map((t) => [
            t.teacher.teacherId, t.teacher.name ?? '', t.teacher.gone ? 'gone' : t.teacher.valid ? (t.teacher.status ?? '') : 'quarantined', t.schoolId ?? '-',
            t.schoolId === null ? '' : (campus.get(t.schoolId) ?? '(other code)'), t.placement,
            t.assignment ? `${t.assignment.schoolId}${t.assignment.state === 'stale' ? ' (stale)' : ''}` : '',
            truncate(t.teacher.institutionName ?? '', 36),
          ]),
        ));
      });
    });
}
