import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { SyncAlreadyRunningError } from '../sync/sync-errors.js';
import { CliError, EXIT } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { registerMigrate } from './migrate.command.js';
import { registerRuns } from './runs.command.js';
import { registerSync } from './sync.command.js';
import { registerDaemon } from './daemon.command.js';
import { registerQueue } from './queue.command.js';
import { registerRunNow } from './run-now.command.js';
import { registerWorker } from './worker.command.js';
import { registerMismatches } from './mismatches.command.js';
import { registerReport } from './report.command.js';
import { registerAccounts } from './accounts.command.js';
import { registerAudit } from './audit.command.js';
import { registerOverrides } from './overrides.command.js';
import { registerReassign } from './reassign.command.js';
import { registerSharedCodes } from './shared-codes.command.js';
import { registerRollout } from './rollout.command.js';
import { registerReconcile } from './reconcile.command.js';
import { registerServe } from './serve.command.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('teacher-sync')
    .description('Keeps teacher accounts on the student-record platform in step with the teacher-training platform.')
    .version('0.1.0')
    .showHelpAfterError('(run teacher-sync --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerSync(program, io);
  registerMigrate(program, io);
  registerRuns(program, io);
  registerDaemon(program, io);
  registerWorker(program, io);
  registerRunNow(program, io);
  registerQueue(program, io);
  registerMismatches(program, io);
  registerReport(program, io);
  registerSharedCodes(program, io);
  registerReassign(program, io);
  registerOverrides(program, io);
  registerAudit(program, io);
  registerAccounts(program, io);
  registerRollout(program, io);
  registerReconcile(program, io);
  registerServe(program, io);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can drive it in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const setExitCode = io.setExitCode;
  const program = buildProgram({ ...io, setExitCode: (c) => { code = c; setExitCode(c); } });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof ConfigError) {
      io.err(e.message);
      return EXIT.usage;
    }
    if (e instanceof SyncAlreadyRunningError) {
      io.err(`teacher-sync: ${e.message}`);
      return EXIT.failed;
    }
    if (e instanceof CliError) {
      io.err(`teacher-sync: ${e.message}`);
      return e.exitCode;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.err(`teacher-sync: ${err.message}`);
    return EXIT.failed;
  }
}
