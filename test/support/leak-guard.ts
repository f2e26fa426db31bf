import { afterAll, beforeAll, expect } from 'vitest';

/**
 * Fails a test file that leaves a server, a connection or a child process behind: counted before
 * the file's own hooks run and again after its last afterAll, which vitest runs before this one.
 * (Per file, not per test: some files share a harness between their tests.) Closing takes a turn
 * or two of the event loop, so the count is given a moment to settle.
 */
const WATCHED = new Set(['TCPServerWrap', 'TCPSocketWrap', 'ProcessWrap', 'PipeServerWrap']);
const SETTLE_MS = 3000;

function counts(): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) if (WATCHED.has(r)) out.set(r, (out.get(r) ?? 0) + 1);
  return out;
}

function grown(before: Map<string, number>): string[] {
  const now = counts();
  return [...now].filter(([k, n]) => n > (before.get(k) ?? 0)).map(([k, n]) => `${k}: ${before.get(k) ?? 0} → ${n}`);
}

let before = new Map<string, number>();

beforeAll(() => {
  before = counts();
});

afterAll(async () => {
  const deadline = Date.now() + SETTLE_MS;
  let left = grown(before);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = grown(before);
  }
  expect(left, 'the test file left servers, connections or processes open').toEqual([]);
});
