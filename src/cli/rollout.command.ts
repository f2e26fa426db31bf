import type { Command } from 'commander';
import { divisionDisplayName } from '../core/county-routing.js';
import { rolloutStatus } from '../core/rollout.js';
import { rolloutPlanOf } from '../sync/rollout.js';
import { withDatabase } from './command-app.js';
import { formatTime, table } from './format.js';
import type { CliIo } from './io.js';

export function registerRollout(program: Command, io: CliIo, clock: () => number = Date.now): void {
  const rollout = program.command('rollout').description('the go-live waves of the student-record platform');
  rollout
    .command('status')
    .description('each wave, its go-live, and its counties with their teachers, held or live (as of the last sync)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withDatabase(io, async ({ app, repos, cfg }) => {
        const plan = rolloutPlanOf(cfg.policy);
        const now = clock();
        const waves = rolloutStatus(plan, await repos.teachers.activeByCounty(), now);
        const nameOf = (code: string | null) => (code === null ? '(no county)' : divisionDisplayName(code, app.divisions));
        if (flags.json) {
          return io.out(JSON.stringify({
            enabled: plan.enabled,
            waves: waves.map((w) => ({
              name: w.name, goLive: w.goLiveMs === null ? null : new Date(w.goLiveMs).toISOString(), live: w.live, areas: w.areas, teachers: w.teachers,
              counties: w.counties.map((c) => ({ countyCode: c.countyCode, name: nameOf(c.countyCode), state: c.live ? 'live' : 'held', teachers: c.teachers, withAccount: c.withAccount })),
            })),
          }));
        }
        if (!plan.enabled) io.out('no rollout waves are configured: every county is live');
        for (const w of waves) {
          const title = w.name === null
            ? (plan.enabled ? 'not in any wave: held until a wave covers them' : 'all counties')
            : `${w.name}: go-live ${formatTime(w.goLiveMs ?? 0)} — ${w.live ? 'live' : 'held'} (areas ${w.areas.join(', ')})`;
          io.out(`\n${title}`);
          if (w.counties.length === 0) {
            io.out('  no teachers yet');
            continue;
          }
          const lines = table(
            ['county', 'name', 'state', 'teachers', 'with account'],
            w.counties.map((c) => [c.countyCode ?? '-', nameOf(c.countyCode), c.live ? 'live' : 'held', c.teachers, c.withAccount]),
          );
          for (const l of lines.split('\n')) io.out(`  ${l}`);
          io.out(`  ${w.teachers} teachers`);
        }
      });
    });
}
