import { describe, expect, it } from 'vitest';
import { localStamp, manualJobId, sliceJobId, slotJobId } from '../../src/queue/job-ids.js';

describe('job ids', () => {
  it.each([
    ['02:00 in Shanghai', '2026-11-19T18:00:00Z', 'Asia/Shanghai', 'run-2026-11-20T020000+0800'],
    ['a seconds schedule', '2026-11-19T18:00:05Z', 'Asia/Shanghai', 'run-2026-11-20T020005+0800'],
    ['UTC', '2026-11-20T02:00:00Z', 'UTC', 'run-2026-11-20T020000+0000'],
    ['New York in winter', '2026-01-15T07:00:00Z', 'America/New_York', 'run-2026-01-15T020000-0500'],
    ['New York in summer', '2026-07-15T06:00:00Z', 'America/New_York', 'run-2026-07-15T020000-0400'],
    ['Kathmandu, a quarter-hour offset', '2026-11-19T20:15:00Z', 'Asia/Kathmandu', 'run-2026-11-20T020000+0545'],
    ['midnight is hour 00', '2026-11-19T16:00:00Z', 'Asia/Shanghai', 'run-2026-11-20T000000+0800'],
  ])('names a schedule slot by its wall-clock time: %s', (_label, instant, zone, id) => {
    expect(slotJobId(new Date(instant), zone)).toBe(id);
  });

  it('gives the same slot the same id on every host, whatever the milliseconds of the timer', () => {
    const a = slotJobId(new Date('2026-11-19T18:00:00.000Z'), 'Asia/Shanghai');
    expect(slotJobId(new Date('2026-11-19T18:00:00.999Z'), 'Asia/Shanghai')).toBe(a);
  });

  it('never puts a colon in an id (BullMQ refuses it; Redis keys use it as a separator)', () => {
    const ids = [slotJobId(new Date(), 'Asia/Shanghai'), manualJobId(new Date()), sliceJobId(12, Date.UTC(2026, 10, 20), 3)];
    for (const id of ids) expect(id).not.toContain(':');
    expect(sliceJobId(12, Date.UTC(2026, 10, 20), 3)).toBe(`run-12-${Date.UTC(2026, 10, 20).toString(36)}-push-3`);
    expect(manualJobId(new Date('2026-11-20T02:00:00.123Z'))).toBe('run-now-20261120T020000123Z');
  });

  it('gives the push jobs of two runs of one id (a database restored from a backup) different ids', () => {
    expect(sliceJobId(2, Date.UTC(2026, 10, 20, 18), 1)).not.toBe(sliceJobId(2, Date.UTC(2026, 10, 27, 18), 1));
  });

  it('stamps local time to the second', () => {
    expect(localStamp(new Date('2026-03-01T00:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-01T080000+0800');
  });
});
