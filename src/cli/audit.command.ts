import type { Command } from 'commander';
import type { AuditRecord, PlacementState } from '../db/repositories/audit-log.repository.js';
import { withDatabase } from './command-app.js';
import { CliError, EXIT } from './exit-codes.js';
import { formatTime, table, truncate } from './format.js';
import type { CliIo } from './io.js';

/** Where the account is (or goes) and what decides it: the rules, an assignment, or a stale one. */
function placement(p: PlacementState | null): string {
  if (p === null) return '-';
  const how = p.assignment === null ? 'rules' : p.assignment.state === 'stale' ? 'stale' : 'assigned';
  const elsewhere = p.assignment !== null && p.assignment.schoolId !== p.schoolId ? ` ${p.assignment.schoolId}` : '';
  return `${p.schoolId ?? '-'} ${how}${elsewhere}`;
}

/** Before → after in one cell. */
function change(e: AuditRecord): string {
  return `${placement(e.before)} → ${placement(e.after)}`;
}

export function registerAudit(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('the append-only log of every change to where a teacher belongs');
  audit
    .command('list')
    .description('the latest entries, oldest first: who, when, why, before and after')
    .option('--teacher <teacherId>', "only this teacher's entries")
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (flags: { teacher?: string; limit: string; json?: boolean }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit takes a whole number above 0', EXIT.usage);
      await withDatabase(io, async ({ repos }) => {
        const entries = await repos.audit.latest({ limit, ...(flags.teacher === undefined ? {} : { teacherId: flags.teacher }) });
        if (flags.json) return io.out(JSON.stringify(entries));
        if (entries.length === 0) return io.out(flags.teacher ? `no audit entry for teacher ${flags.teacher}` : 'the audit log is empty');
        io.out(table(
          ['at (UTC)', 'by', 'source', 'action', 'teacher', 'change', 'reason'],
          entries.map((e) => [formatTime(e.atMs), truncate(e.actor, 12), e.source, e.action, e.teacherId ?? '', change(e), truncate(e.reason ?? '', 30)]),
        ));
      });
    });
}
