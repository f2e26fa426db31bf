import type { Command } from 'commander';
import { createApp } from '../app.js';
import { loadSyncConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { runReconcile, type ReconcileSummary } from '../sync/reconcile-run.js';
import { countyOption, withApp } from './command-app.js';
import { exitCodeOf } from './exit-codes.js';
import { formatDuration, table, truncate } from './format.js';
import type { CliIo } from './io.js';
import { terminalProgress } from './progress.js';

interface ReconcileFlags {
  county?: string;
  repair?: boolean;
  allowMassDisable?: boolean;
  json?: boolean;
}

const KIND_TEXT: Record<string, string> = {
  adopted: 'campus move kept',
  drifted: 'drifted',
  missing: 'missing',
  matched: 'to link',
  orphan: 'unknown',
};


function summaryLines(s: ReconcileSummary): string[] {
  const lines = [`reconciliation ${s.runId}${s.countyCode ? ` of county ${s.countyCode}` : ''} ${s.status} in ${formatDuration(s.durationMs)}${s.repair ? ' (repair)' : ''}`];
  const r = s.reconcile;
  if (r) {
    lines.push(`  accounts on the platform ${r.accounts}: ${r.inStep} in step, ${r.adopted} campus moves kept, ${r.drifted} drifted, ` +
      `${r.missing} missing, ${r.matched} to link to their teacher, ${r.orphans} matching no teacher (left alone)`);
  }
  if (s.push) {
    const p = s.push;
    lines.push(`  pushed: ${p.created} created, ${p.updated} updated, ${p.moved} moved, ${p.disabled} disabled, ${p.failed} failed, ${p.held} held`);
  } else if (r && (r.drifted > 0 || r.missing > 0 || r.matched > 0)) {
    lines.push('  nothing was pushed: missing and linked accounts go out with the next sync; `--repair` pushes them now and drifted ones back');
  }
  if (s.safetyReason) lines.push(`  SAFETY LIMIT: ${s.safetyReason}. No account was disabled.`);
  if (s.error) lines.push(`  error: ${s.error}`);
  return lines;
}

export function registerReconcile(program: Command, io: CliIo): void {
  program
    .command('reconcile')
    .description('set what the student-record platform holds against what was pushed: in step, drifted, missing, unknown')
    .option('--county <code>', 'only accounts at schools of this county (6 digits)')
    .option('--repair', 'push drifted accounts back to what the source says, and missing and unlinked ones now')
    .option('--allow-mass-disable', 'with --repair: push disables even when they exceed the safety limit')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags: ReconcileFlags) => {
      const county = countyOption(flags.county);
      const cfg = loadSyncConfig(io.env);
      const progress = io.isTty && !flags.json ? terminalProgress(io.stderr) : undefined;
      await withApp(createApp(cfg, { logger: createLogger({ ...cfg.log, toStderr: true }), ...(progress ? { progress } : {}) }), async (app) => {
        const summary = await runReconcile(app.sync, {
          repair: Boolean(flags.repair), allowMassDisable: Boolean(flags.allowMassDisable), ...(county !== undefined ? { countyCode: county } : {}),
        });
        if (flags.json) {
          io.out(JSON.stringify(summary));
        } else {
          for (const l of summaryLines(summary)) io.out(l);
          if (summary.entries.length > 0) {
            io.out('');
            io.out(table(
              ['account', 'external id', 'teacher', 'name', 'county', 'platform', 'pushed', 'state', 'action'],
              summary.entries.map((e) => [
                e.accountId ?? '-', e.externalId ?? '(by hand)', e.teacherId ?? '-', truncate(e.name ?? '', 12), e.countyCode ?? '-',
                `${e.schoolId ?? '-'} ${e.status ?? ''}`.trim(), `${e.pushedSchoolId ?? '-'} ${e.pushedStatus ?? ''}`.trim(), KIND_TEXT[e.kind] ?? e.kind, e.action,
              ]),
            ));
            if (summary.entriesLeftOut > 0) io.out(`… and ${summary.entriesLeftOut} more (all are stored with run ${summary.runId}'s problems)`);
          }
        }
        io.setExitCode(exitCodeOf(summary));
      });
    });
}
