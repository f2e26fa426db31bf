import type { Command } from 'commander';
import { currentDivision, divisionDisplayName, type ProvinceDivisions } from '../core/county-routing.js';
import { REPORTABLE_STATUSES } from '../reports/report-dispatch.js';
import { countyOption, withDatabase } from './command-app.js';
import { CliError, EXIT } from './exit-codes.js';
import { table } from './format.js';
import type { CliIo } from './io.js';

/** A county code as given, an old one too (a merged district's code means the district that took it in). */
export function todaysCounty(county: string | undefined, divisions: ProvinceDivisions): string | undefined {
  return county === undefined ? undefined : (currentDivision(county, divisions) ?? county);
}

export function runOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--run takes a run id, not "${value}"`, EXIT.usage);
  return n;
}

export function registerMismatches(program: Command, io: CliIo): void {
  const mismatches = program.command('mismatches').description('schools whose entered code or name does not match the registry');
  mismatches
    .command('list')
    .description('the findings of a run (default: the latest finished run), by county')
    .option('--county <code>', 'only this county (6-digit division code; old codes map to today’s)')
    .option('--run <id>', 'this run instead of the latest')
    .option('--json', 'print a JSON array')
    .action(async (flags: { county?: string; run?: string; json?: boolean }) => {
      const given = countyOption(flags.county);
      const wanted = runOption(flags.run);
      await withDatabase(io, async ({ app, repos }) => {
        const divisions = app.divisions;
        const county = todaysCounty(given, divisions);
        const run = wanted === undefined ? await repos.runs.latestSyncWithStatus(REPORTABLE_STATUSES) : await repos.runs.get(wanted);
        if (!run) throw new CliError(wanted === undefined ? 'no finished run yet: run `teacher-sync sync`' : `there is no run ${wanted}; see teacher-sync runs list`);
        const findings = await repos.findings.forRun(run.id, county);
        if (flags.json) {
          return io.out(JSON.stringify(findings.map((f) => ({
            countyCode: f.countyCode, institutionCode: f.institutionCode, enteredName: f.enteredName, registryName: f.registryName,
            kind: f.kind, score: f.score, teacherCount: f.teacherCount,
            runId: run.id, platformCountyCode: f.platformCountyCode, method: f.method, suggestedCode: f.suggestedCode,
            suggestedName: f.suggestedName, detail: f.detail,
          }))));
        }
        if (findings.length === 0) return io.out(`run ${run.id}: no mismatches${county ? ` in ${county}` : ''}`);
        io.out(`run ${run.id}: ${findings.length} entered school(s) to correct`);
        io.out(table(
          ['county', 'name', 'kind', 'code', 'entered name', 'registry name', 'score', 'teachers'],
          findings.map((f) => [
            f.countyCode, divisionDisplayName(f.countyCode, divisions), f.kind, f.institutionCode, f.enteredName, f.registryName,
            f.score === null ? null : f.score.toFixed(3), f.teacherCount,
          ]),
        ));
      });
    });
}
