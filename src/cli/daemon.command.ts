import type { Command } from 'commander';
import { loadQueueBaseConfig, loadQueueSyncConfig } from '../config/config.js';
import { startService, type Service, type ServiceOptions } from '../daemon/service.js';
import { untilStopped } from '../daemon/signals.js';
import { CliError, EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Past this the process exits whatever holds it: inside the 30 s a supervisor usually allows. */
const SHUTDOWN_DEADLINE_MS = 28_000;

export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${name} takes a whole number from ${min} to ${max}`, EXIT.usage);
  return n;
}

/** Starts the service, then waits for SIGTERM or SIGINT and stops it, the database last. */
export async function serveUntilStopped(start: Promise<Service>): Promise<void> {
  const service = await start;
  await untilStopped(() => service.stop(), { log: service.log, deadlineMs: SHUTDOWN_DEADLINE_MS });
}

interface DaemonFlags {
  withWorker?: boolean;
  concurrency?: string;
  httpPort?: string;
}

export function registerDaemon(program: Command, io: CliIo): void {
  program
    .command('daemon')
    .description('enqueue a run at each slot of daemon.schedule (one run per slot, however many daemons), serve /healthz and /metrics')
    .option('--with-worker', 'also work the jobs in this process (needs the platform settings)')
    .option('--concurrency <n>', 'push jobs pushed at once with --with-worker, one more held ahead (default worker.concurrency)')
    .option('--http-port <port>', 'port of /healthz and /metrics, 0 for none (default daemon.httpPort)')
    .action(async (flags: DaemonFlags) => {
      const concurrency = intOption(flags.concurrency, '--concurrency', 1, 64);
      const httpPort = intOption(flags.httpPort, '--http-port', 0, 65535);
      const syncCfg = flags.withWorker ? loadQueueSyncConfig(io.env) : null;
      const cfg = syncCfg ?? loadQueueBaseConfig(io.env);
      const opts: ServiceOptions = {
        schedule: true,
        work: syncCfg ? { cfg: syncCfg, concurrency: concurrency ?? cfg.policy.worker.concurrency } : null,
        httpPort: httpPort ?? cfg.policy.daemon.httpPort,
      };
      await serveUntilStopped(startService(cfg, opts));
    });
}
