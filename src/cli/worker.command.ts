import type { Command } from 'commander';
import { loadQueueSyncConfig } from '../config/config.js';
import { startService } from '../daemon/service.js';
import { intOption, serveUntilStopped } from './daemon.command.js';
import type { CliIo } from './io.js';

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('work the queued runs and their push jobs; start as many as needed, on any host')
    .option('--concurrency <n>', 'push jobs pushed at once, one more held ahead (default worker.concurrency)')
    .option('--http-port <port>', 'port of /healthz and /metrics, 0 for none (default worker.httpPort)')
    .action(async (flags: { concurrency?: string; httpPort?: string }) => {
      const concurrency = intOption(flags.concurrency, '--concurrency', 1, 64);
      const httpPort = intOption(flags.httpPort, '--http-port', 0, 65535);
      const cfg = loadQueueSyncConfig(io.env);
      await serveUntilStopped(startService(cfg, {
        schedule: false,
        work: { cfg, concurrency: concurrency ?? cfg.policy.worker.concurrency },
        httpPort: httpPort ?? cfg.policy.worker.httpPort,
      }));
    });
}
