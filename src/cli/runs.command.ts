import type { Command } from 'commander';
import { withDatabase } from './command-app.js';
import { CliError, EXIT } from './exit-codes.js';
import { formatDuration, formatTime, planScopeText, table } from './format.js';
import type { CliIo } from './io.js';

export function registerRuns(program: Command, io: CliIo): void {
  const runs = program.command('runs').description('past sync runs and their counts');
  runs
    .command('list')
    .description('the latest runs')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (flags: { limit: string; json?: boolean }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit takes a whole number above 0', EXIT.usage);
      await withDatabase(io, async ({ repos }) => {
        const list = await repos.runs.latest(limit);
        if (flags.json) return io.out(JSON.stringify(list));
        if (list.length === 0) return io.out('no runs yet: run `teacher-sync sync`');
        io.out(table(
          ['run', 'mode', 'status', 'started', 'duration', 'planned', 'pulled', 'created', 'updated', 'moved', 'disabled', 'failed'],
          list.map((r) => [
            r.id, r.mode, r.status, formatTime(r.startedAtMs),
            r.finishedAtMs === null ? '' : formatDuration(r.finishedAtMs - r.startedAtMs),
            r.plan === null ? '' : r.plan.scope === 'all' ? 'everyone' : `${r.plan.people} changed`,
            r.pulled, r.created, r.updated, r.moved, r.disabled, r.failed,
          ]),
        ));
      });
    });
  runs
    .command('show <id>')
    .description('one run, with its problems by kind')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
      const runId = Number(id);
      if (!Number.isInteger(runId) || runId < 1) throw new CliError(`run id must be a whole number, not "${id}"`, EXIT.usage);
      await withDatabase(io, async ({ repos }) => {
        const run = await repos.runs.get(runId);
        if (!run) throw new CliError(`there is no run ${runId}; see teacher-sync runs list`);
        const problems = await repos.problems.countsByCode(runId);
        if (flags.json) return io.out(JSON.stringify({ ...run, problems }));
        io.out(`run ${run.id} (${run.mode}) ${run.status}, phase ${run.phase}, on ${run.host} pid ${run.pid}`);
        io.out(`started ${new Date(run.startedAtMs).toISOString()}${run.finishedAtMs ? `, took ${formatDuration(run.finishedAtMs - run.startedAtMs)}` : ''}`);
        if (run.plan) {
          io.out(`planned ${planScopeText(run.plan)}`);
        }
        io.out(table(['count', 'value'], Object.entries({
          pulled: run.pulled, quarantined: run.quarantined, created: run.created, updated: run.updated, moved: run.moved,
          disabled: run.disabled, unchanged: run.unchanged, held: run.held, failed: run.failed,
        }).map(([k, v]) => [k, v])));
        if (Object.keys(problems).length > 0) io.out(`\n${table(['problem', 'records'], Object.entries(problems).map(([k, v]) => [k, v]))}`);
        if (run.safetyReason) io.out(`\nsafety limit: ${run.safetyReason}`);
        if (run.error) io.out(`\nerror: ${run.error}`);
      });
    });
}
