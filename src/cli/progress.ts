import type { ProgressReporter } from '../sync/ports.js';

/** Progress per phase on stderr at a terminal: "teachers 12,000 pulled", "push 3,500 of 8,000". */
export function terminalProgress(stream: NodeJS.WriteStream, now: () => number = Date.now): ProgressReporter {
  let phase = '';
  let total: number | null = null;
  let done = 0;
  let startedAt = 0;
  let lastDraw = 0;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const draw = (final: boolean) => {
    const t = now();
    if (!final && t - lastDraw < 100) return;
    lastDraw = t;
    const secs = Math.max((t - startedAt) / 1000, 0.001);
    const amount = total === null ? fmt(done) : `${fmt(done)} of ${fmt(total)}`;
    stream.write(`\r\x1b[2K${phase.padEnd(9)} ${amount}  (${fmt(Math.round(done / secs))}/s)${final ? '\n' : ''}`);
  };
  return {
    start(p, t) {
      phase = p;
      total = t;
      done = 0;
      startedAt = now();
      draw(false);
    },
    advance(by) {
      done += by;
      draw(false);
    },
    finish() {
      draw(true);
    },
  };
}
