import type { Command } from 'commander';
import { resendLatestReports } from '../reports/report-dispatch.js';
import { CliError, EXIT } from './exit-codes.js';
import { table } from './format.js';
import type { CliIo } from './io.js';
import { countyOption, withDatabase } from './command-app.js';
import { todaysCounty } from './mismatches.command.js';

export function registerReport(program: Command, io: CliIo): void {
  const report = program.command('report').description('the reports mailed to county bureaus');
  report
    .command('send')
    .description('send the reports of the latest finished run again (by SMTP, or as files without SMTP_URL)')
    .option('--county <code>', 'only this county (6-digit division code; old codes map to today’s)')
    .option('--dry-run', 'show what would be sent, and to whom; send nothing')
    .action(async (flags: { county?: string; dryRun?: boolean }) => {
      const given = countyOption(flags.county);
      await withDatabase(io, async ({ app }) => {
        const ctx = app.reports;
        const county = todaysCounty(given, ctx.history);
        const sent = await resendLatestReports(ctx, { county: county ?? null, dryRun: Boolean(flags.dryRun) });
        if (!sent) throw new CliError('no finished run yet: run `teacher-sync sync`');
        const { runId, outcomes } = sent;
        if (outcomes.length === 0) return io.out(`run ${runId}: nothing to send${county ? ` to ${county}` : ''}`);
        io.out(`run ${runId}: ${flags.dryRun ? 'would send' : `sent by ${ctx.mailer.channel}`}`);
        io.out(table(
          ['county', 'name', 'kind', 'status', 'schools', 'people', 'recipients', 'subject'],
          outcomes.map((o) => [o.countyCode, o.countyName, o.kind, o.status, o.schools, o.people, o.recipients.join(' ') || '(none)', o.subject]),
        ));
        for (const o of outcomes) for (const f of o.files) io.out(`wrote ${f}`);
        for (const o of outcomes.filter((x) => x.status === 'failed')) io.err(`teacher-sync: ${o.countyCode} ${o.kind} not delivered: ${o.error ?? ''}`);
        if (outcomes.some((o) => o.status === 'failed')) io.setExitCode(EXIT.failed);
      });
    });
}
