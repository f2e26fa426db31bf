/**
 * Job ids. A queue refuses a second job with an id it holds, so an id that is a function of what
 * the job is for makes enqueueing idempotent: every daemon computes the same id for a schedule slot.
 * Ids avoid ':' (Redis key separators), hence ISO 8601's basic format for times.
 */

function partsIn(date: Date, timeZone: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `+0800`: the zone's offset from UTC at that instant. */
function offsetIn(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone);
  const wall = Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
  const minutes = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** `2026-11-20T020000+0800`: a wall-clock time in a zone, to the second. */
export function localStamp(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone);
  return `${p['year']}-${p['month']}-${p['day']}T${p['hour']}${p['minute']}${p['second']}${offsetIn(date, timeZone)}`;
}

/** The run of one schedule slot, e.g. `run-2026-11-20T020000+0800`. */
export function slotJobId(slot: Date, timeZone: string): string {
  return `run-${localStamp(slot, timeZone)}`;
}

/** A run asked for by an operator (`run-now`): its own id, to the millisecond. */
export function manualJobId(at: Date): string {
  return `run-now-${at.toISOString().replace(/[-:]/g, '').replace('.', '')}`;
}

/**
 * The n-th push job of a run (from 1). The run's start is part of it: a database restored from a
 * backup hands out run ids again, and a queue still holding the finished jobs of the first run of
 * that id would take a push job under the same id for one it already did, and push nothing.
 */
export function sliceJobId(runId: number, startedAtMs: number, n: number): string {
  return `run-${runId}-${startedAtMs.toString(36)}-push-${n}`;
}
