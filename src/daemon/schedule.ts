import { createTask, type TaskContext } from 'node-cron';
import type { Logger } from '../log/logger.js';
import { coerceError } from '../core/errors.js';

export interface Schedule {
  /** The next slot, or null when stopped. */
  next(): Date | null;
  stop(): Promise<void>;
}

/**
 * Calls `onSlot` with each slot of a cron expression in a time zone. node-cron hands over the
 * slot's own time, not the time the timer fired, so every host computes the same slot. A slot that
 * node-cron reports missed (the event loop was blocked past it) is still handed over: enqueueing
 * it is idempotent, and a night without a run is worse than a late one.
 */
export async function startSchedule(input: { expression: string; timezone: string; onSlot: (slot: Date) => Promise<void>; log: Logger }): Promise<Schedule> {
  const { log } = input;
  const fire = async (ctx: TaskContext): Promise<void> => {
    try {
      await input.onSlot(ctx.date);
    } catch (e) {
      log.error({ slot: ctx.date.toISOString(), err: coerceError(e).message }, 'could not enqueue the run of a schedule slot');
    }
  };
  const task = createTask(input.expression, fire, {
    name: 'teacher-sync-run',
    timezone: input.timezone,
    logger: {
      info: (m) => log.debug(m),
      warn: (m) => log.warn(m),
      error: (m, e) => log.error({ err: e?.message ?? String(m) }, 'schedule error'),
      debug: (m) => log.debug(typeof m === 'string' ? m : m.message),
    },
    suppressMissedWarning: true,
  });
  task.on('execution:missed', (ctx) => {
    log.warn({ slot: ctx.date.toISOString() }, 'schedule slot missed by its timer; enqueueing it now');
    return fire(ctx);
  });
  await task.start();
  return {
    next: () => task.getNextRun(),
    stop: async () => {
      await task.destroy();
    },
  };
}
