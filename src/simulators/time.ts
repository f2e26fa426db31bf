const CST_OFFSET_MS = 8 * 3600_000;

/** RFC 3339 in China Standard Time, whole seconds: `2026-11-20T10:00:00+08:00`. */
export function formatCst(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + CST_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}+08:00`
  );
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an RFC 3339 timestamp with offset, or null when it is not one. */
export function parseRfc3339(s: string): number | null {
  if (!RFC3339.test(s)) return null;
  const ms = Date.parse(s.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : ms;
}
