import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../src/cli/progress.js';

describe('progress at a terminal', () => {
  it('shows each phase with what is done, of the total when known, and its rate', () => {
    let out = '';
    const stream = { write: (s: string) => { out += s; return true; } } as unknown as NodeJS.WriteStream;
    let now = 0;
    const p = terminalProgress(stream, () => now);
    p.start('teachers', null);
    now = 1000;
    p.advance(12_000);
    p.finish();
    p.start('push', 8000);
    now = 3000;
    p.advance(3500);
    p.finish();
    const lines = out.split(/\r|\n/).map((l) => l.replace(/\x1b\[2K/g, '').trim()).filter(Boolean);
    expect(lines).toContain('teachers  12,000  (12,000/s)');
    expect(lines).toContain('push      3,500 of 8,000  (1,750/s)');
    expect(out.endsWith('\n')).toBe(true);
  });
});
