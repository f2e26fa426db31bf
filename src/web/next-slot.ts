import { createTask } from 'node-cron';

/** The next slot of the daemon's schedule after now, as the daemon computes it; null if none. */
export async function nextScheduledSlot(expression: string, timezone: string): Promise<Date | null> {
  const task = createTask(expression, () => undefined, { timezone, name: 'teacher-sync-console-probe' });
  try {
    await task.start();
    return task.getNextRun();
  } finally {
    await task.destroy();
  }
}
