import type { Command } from 'commander';
import { loadQueueBaseConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { closeRedis, openRedis } from '../queue/connection.js';
import { queueStatus, retryFailed } from '../queue/queue-admin.js';
import { openQueues, type Queues } from '../queue/queues.js';
import { formatTime, table, truncate } from './format.js';
import type { CliIo } from './io.js';

async function withQueues<T>(io: CliIo, fn: (queues: Queues) => Promise<T>): Promise<T> {
  const cfg = loadQueueBaseConfig(io.env);
  const log = createLogger({ ...cfg.log, level: 'warn', toStderr: true });
  const redis = await openRedis(cfg.redisUrl, { role: 'command', connectTimeoutMs: cfg.policy.queue.connectTimeoutSeconds * 1000, log });
  const queues = openQueues(redis, cfg.policy, (e) => log.warn({ err: e.message }, 'queue error'));
  try {
    return await fn(queues);
  } finally {
    await queues.close();
    await closeRedis(redis);
  }
}

export function registerQueue(program: Command, io: CliIo): void {
  const queue = program.command('queue').description('the job queues of the daemon and its workers');
  queue
    .command('status')
    .description('jobs waiting, running and failed, with the errors of the failed ones')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const status = await withQueues(io, queueStatus);
      if (flags.json) return io.out(JSON.stringify(status));
      io.out(table(
        ['queue', 'waiting', 'active', 'delayed', 'waiting-children', 'failed', 'completed'],
        Object.entries(status.counts).map(([name, c]) => [name, c.waiting + c.prioritized, c.active, c.delayed, c['waiting-children'], c.failed, c.completed]),
      ));
      if (status.active.length > 0) {
        io.out('\nactive:');
        io.out(table(['queue', 'job', 'what', 'since'], status.active.map((j) => [j.queue, j.id, j.detail, j.at === null ? '' : formatTime(j.at)])));
      }
      if (status.failed.length > 0) {
        io.out('\nfailed (put back with `teacher-sync queue retry-failed`):');
        io.out(table(
          ['queue', 'job', 'what', 'attempts', 'failed at', 'error'],
          status.failed.map((j) => [j.queue, j.id, j.detail, `${j.attemptsMade}/${j.attempts}`, j.at === null ? '' : formatTime(j.at), truncate(j.failedReason ?? '', 80)]),
        ));
      }
    });
  queue
    .command('retry-failed')
    .description('put every failed job back in its queue')
    .action(async () => {
      const n = await withQueues(io, retryFailed);
      const total = Object.values(n).reduce((a, b) => a + b, 0);
      io.out(total === 0 ? 'no failed jobs' : `put back ${total} failed job(s): ${Object.entries(n).map(([q, c]) => `${q} ${c}`).join(', ')}`);
    });
}
