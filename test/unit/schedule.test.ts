import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSchedule } from '../../src/daemon/schedule.js';
import { silentLogger } from '../../src/log/logger.js';
import { slotJobId } from '../../src/queue/job-ids.js';

afterEach(() => {
  vi.useRealTimers();
});

async function scheduleAt(expression: string, timezone: string) {
  const slots: string[] = [];
  const schedule = await startSchedule({ expression, timezone, log: silentLogger(), onSlot: async (slot) => { slots.push(slotJobId(slot, timezone)); } });
  return { slots, schedule };
}

describe('the schedule', () => {
  it('fires at 02:00 Shanghai time and hands over the slot, not the moment the timer ran', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-20T01:59:58.400+08:00') });
    const { slots, schedule } = await scheduleAt('0 2 * * *', 'Asia/Shanghai');
    expect(schedule.next()?.toISOString()).toBe('2026-11-19T18:00:00.000Z');
    await vi.advanceTimersByTimeAsync(1000);
    expect(slots).toEqual([]);
    await vi.advanceTimersByTimeAsync(2500);
    expect(slots).toEqual(['run-2026-11-20T020000+0800']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(slots).toHaveLength(1);
    await schedule.stop();
  });

  it('does not fire a slot twice when the clock goes back over it, and the next slot keeps its name', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-20T01:59:59+08:00') });
    const { slots, schedule } = await scheduleAt('0 2 * * *', 'Asia/Shanghai');
    await vi.advanceTimersByTimeAsync(2000);
    vi.setSystemTime(new Date('2026-11-20T01:59:59+08:00')); // NTP steps the clock back over the slot
    await vi.advanceTimersByTimeAsync(24 * 3_600_000 + 5000);
    await schedule.stop();
    expect(slots).toEqual(['run-2026-11-20T020000+0800', 'run-2026-11-21T020000+0800']);
  });

  it('fires every slot of a seconds schedule, as the tests use', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-20T00:00:00.500Z') });
    const { slots, schedule } = await scheduleAt('*/2 * * * * *', 'UTC');
    await vi.advanceTimersByTimeAsync(6000);
    await schedule.stop();
    expect(slots).toEqual(['run-2026-11-20T000002+0000', 'run-2026-11-20T000004+0000', 'run-2026-11-20T000006+0000']);
  });
});
