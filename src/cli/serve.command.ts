import type { Command } from 'commander';
import { createApp } from '../app.js';
import { loadConsoleConfig } from '../config/config.js';
import { untilStopped } from '../daemon/signals.js';
import { closeRedis, openRedis } from '../queue/connection.js';
import { openQueues, type Queues } from '../queue/queues.js';
import { consoleDeps } from '../web/console-deps.js';
import { startConsole } from '../web/server.js';
import { intOption } from './daemon.command.js';
import type { CliIo } from './io.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

interface ServeFlags {
  host?: string;
  port?: string;
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('run the web console (console.* in the policy; CONSOLE_CLIENT_SECRET and CONSOLE_SESSION_SECRET in the environment) until stopped')
    .option('--host <address>', 'address to listen on (default console.host)')
    .option('--port <port>', 'port to listen on (default console.port)')
    .action(async (flags: ServeFlags) => {
      const port = intOption(flags.port, '--port', 0, 65535);
      const cfg = loadConsoleConfig(io.env);
      const app = await createApp(cfg);
      let redis: Awaited<ReturnType<typeof openRedis>> | null = null;
      let queues: Queues | null = null;
      // Queues, then Redis, then the app (its database last).
      const closeAll = async () => {
        await queues?.close();
        if (redis) await closeRedis(redis);
        await app.close();
      };
      try {
        if (cfg.redisUrl) {
          redis = await openRedis(cfg.redisUrl, { role: 'service', connectTimeoutMs: cfg.policy.queue.connectTimeoutSeconds * 1000, log: app.log });
          queues = openQueues(redis, cfg.policy, (e) => app.log.warn({ err: e.message }, 'queue error'));
        }
        const running = await startConsole(consoleDeps(cfg, app, queues), { ...(flags.host ? { host: flags.host } : {}), ...(port === undefined ? {} : { port }) });
        io.out(`teacher-sync console on ${running.url} (people reach it at ${cfg.console.publicUrl}; sign-in at ${cfg.console.issuer})`);
        await untilStopped(async () => {
          await running.close();
          await closeAll();
        }, { log: app.log, deadlineMs: SHUTDOWN_DEADLINE_MS });
      } catch (e) {
        await closeAll();
        throw e;
      }
    });
}
