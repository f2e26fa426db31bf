import type { Command } from 'commander';
import { createApp } from '../app.js';
import { loadSyncConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { runSync, type RunSummary } from '../sync/sync-run.js';
import { withApp } from './command-app.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { formatDuration, planScopeText } from './format.js';
import type { CliIo } from './io.js';
import { terminalProgress } from './progress.js';

interface SyncFlags {
  full?: boolean;
  dryRun?: boolean;
  allowMassDisable?: boolean;
  allowShrink?: boolean;
  replanAll?: boolean;
  json?: boolean;
}

/** The fields `--json` promises, first and in this order; more may follow. */
export function summaryJson(s: RunSummary): Record<string, unknown> {
  return {
    runId: s.runId, status: s.status, mode: s.mode, pulled: s.pulled, quarantined: s.quarantined, created: s.created,
    updated: s.updated, moved: s.moved, disabled: s.disabled, unchanged: s.unchanged, failed: s.failed, durationMs: s.durationMs,
    held: s.held, dryRun: s.dryRun, safetyReason: s.safetyReason, error: s.error, problems: s.problems, phaseMs: s.phaseMs,
    reconcile: s.reconcile, plan: s.plan ?? null, failure: s.failure, failedBy: s.failedBy,
  };
}

/** What the failure a run names means for the operator, in one line; none for a run that succeeded or stopped itself. */
function failureLine(s: RunSummary): string | null {
  switch (s.failure) {
    case 'refused':
      return `  REFUSED: the platform refused ${s.failedBy.refused} change(s) one by one; see the problems (runs show ${s.runId ?? '?'})`;
    case 'platform-unavailable':
      return s.status === 'failed'
        ? '  PLATFORM UNAVAILABLE: a platform did not answer after every retry; the next run takes up the work'
        : `  PLATFORM UNAVAILABLE: ${s.failedBy.unavailable} change(s) not sent after every retry; the next run sends them` +
          (s.failedBy.refused > 0 ? `; ${s.failedBy.refused} more refused by the platform` : '');
    case 'database-unavailable':
      return '  DATABASE UNAVAILABLE: the database stopped answering; the next run finishes the work';
    case 'error':
    case 'safety-limit':
    case 'source-check':
    case null:
      return null;
  }
}

export function summaryText(s: RunSummary): string[] {
  const n = (v: number) => v.toLocaleString('en-US').padStart(9);
  const head = s.dryRun
    ? `dry run (${s.mode}): nothing was changed; this is the plan`
    : `run ${s.runId ?? '?'} (${s.mode}) ${s.status} in ${formatDuration(s.durationMs)}`;
  const lines = [
    head,
    `  pulled     ${n(s.pulled)}   quarantined ${n(s.quarantined)}`,
    `  created    ${n(s.created)}   updated     ${n(s.updated)}`,
    `  moved      ${n(s.moved)}   disabled    ${n(s.disabled)}`,
    `  unchanged  ${n(s.unchanged)}   held        ${n(s.held)}`,
    `  failed     ${n(s.failed)}`,
  ];
  if (s.reconcile) {
    const r = s.reconcile;
    lines.push(`  platform   ${n(r.accounts)}   in step     ${n(r.inStep)}`);
    lines.push(`  reconcile: ${r.adopted} campus moves kept, ${r.drifted} drifted, ${r.missing} missing (pushed again), ${r.matched} linked, ${r.orphans} unknown`);
  }
  if (s.plan) {
    lines.push(`  planned    ${planScopeText(s.plan)}`);
  }
  const problems = Object.entries(s.problems).sort((a, b) => b[1] - a[1]);
  if (problems.length > 0) lines.push(`  problems: ${problems.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.safetyReason && s.status === 'halted') {
    lines.push(`  SOURCE CHECK: ${s.safetyReason}. Nothing was changed and no county was mailed; check the source, and re-run with --allow-shrink if the drop is real.`);
  } else if (s.safetyReason) lines.push(`  SAFETY LIMIT: ${s.safetyReason}. No account was disabled; re-run with --allow-mass-disable if this is intended.`);
  const failure = failureLine(s);
  if (failure) lines.push(failure);
  if (s.error) lines.push(`  error: ${s.error}`);
  return lines;
}

export function registerSync(program: Command, io: CliIo): void {
  program
    .command('sync')
    .description('pull teachers, match them to schools and push the changed accounts')
    .option('--full', 'pull every teacher, and treat teachers no longer listed as gone')
    .option('--dry-run', 'compute and print the plan; change nothing anywhere')
    .option('--allow-mass-disable', 'push disables even when they exceed the safety limit')
    .option('--allow-shrink', 'accept a source that lists far fewer teachers, codes or schools than before')
    .option('--replan-all', 'plan every teacher, not only those that changed since the last run')
    .option('--json', 'print one JSON summary object on stdout')
    .action(async (flags: SyncFlags) => {
      const cfg = loadSyncConfig(io.env);
      // With --json, stdout carries the summary alone: logs that would go there go to stderr.
      const logger = createLogger({ ...cfg.log, toStderr: Boolean(flags.json) });
      const progress = io.isTty && !flags.json ? terminalProgress(io.stderr) : undefined;
      await withApp(createApp(cfg, { logger, ...(progress ? { progress } : {}) }), async (app) => {
        const summary = await runSync(app.sync, { full: Boolean(flags.full), dryRun: Boolean(flags.dryRun), allowMassDisable: Boolean(flags.allowMassDisable), allowShrink: Boolean(flags.allowShrink), replanAll: Boolean(flags.replanAll) });
        if (flags.json) io.out(JSON.stringify(summaryJson(summary)));
        else for (const l of summaryText(summary)) io.out(l);
        io.setExitCode(exitCodeOf(summary));
      });
    });
}

export { EXIT };
