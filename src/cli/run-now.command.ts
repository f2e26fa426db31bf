import { QueueEvents } from 'bullmq';
import type { Command } from 'commander';
import { loadQueueBaseConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { closeRedis, openRedis } from '../queue/connection.js';
import { manualJobId } from '../queue/job-ids.js';
import { enqueueRun, openQueues, RUNS_QUEUE, type RunJobResult } from '../queue/queues.js';
import { exitCodeOf } from './exit-codes.js';
import type { CliIo } from './io.js';
import { summaryJson, summaryText } from './sync.command.js';

interface RunNowFlags {
  full?: boolean;
  allowMassDisable?: boolean;
  wait?: boolean;
  json?: boolean;
}

export function registerRunNow(program: Command, io: CliIo): void {
  program
    .command('run-now')
    .description('enqueue a run now, for the workers (as the schedule does at each slot)')
    .option('--full', 'pull every teacher, and treat teachers no longer listed as gone')
    .option('--allow-mass-disable', 'push disables even when they exceed the safety limit')
    .option('--wait', 'wait for the run to end and print its summary (exit code as `sync`)')
    .option('--json', 'with --wait: print one JSON summary object on stdout')
    .action(async (flags: RunNowFlags) => {
      const cfg = loadQueueBaseConfig(io.env);
      const log = createLogger({ ...cfg.log, toStderr: true });
      // A long wait rides out a Redis restart; a plain enqueue fails at once when Redis is away.
      const redis = await openRedis(cfg.redisUrl, { role: flags.wait ? 'service' : 'command', connectTimeoutMs: cfg.policy.queue.connectTimeoutSeconds * 1000, log });
      const queues = openQueues(redis, cfg.policy, (e) => log.warn({ err: e.message }, 'queue error'));
      let events: QueueEvents | null = null;
      try {
        const jobId = manualJobId(new Date());
        if (flags.wait) {
          // QueueEvents blocks on its connection, so BullMQ gives it a copy of this one of its own.
          events = new QueueEvents(RUNS_QUEUE, { connection: redis, prefix: cfg.policy.queue.prefix });
          await events.waitUntilReady();
        }
        await enqueueRun(queues, jobId, { trigger: 'manual', slot: null, full: Boolean(flags.full), allowMassDisable: Boolean(flags.allowMassDisable) });
        if (!events) {
          io.out(`enqueued run job ${jobId}`);
          return;
        }
        io.err(`enqueued run job ${jobId}; waiting for it to end`);
        const job = await queues.runs.getJob(jobId);
        if (!job) throw new Error(`job ${jobId} is not in the queue`);
        const summary: RunJobResult = await job.waitUntilFinished(events);
        if (!summary) {
          io.out(`run job ${jobId} ended: its run was finished elsewhere`);
          return;
        }
        if (flags.json) io.out(JSON.stringify(summaryJson(summary)));
        else for (const l of summaryText(summary)) io.out(l);
        io.setExitCode(exitCodeOf(summary));
      } finally {
        await events?.close();
        await queues.close();
        await closeRedis(redis);
      }
    });
}
