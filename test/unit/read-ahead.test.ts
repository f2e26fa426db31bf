import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/sync/read-ahead.js';

describe('read-ahead over pages', () => {
  it('yields every page in order and fetches the next while the current one is handled', async () => {
    const log: string[] = [];
    async function* pages() {
      for (let i = 1; i <= 3; i++) {
        log.push(`fetch ${i}`);
        yield i;
      }
    }
    const seen: number[] = [];
    for await (const p of readAhead(pages())) {
      log.push(`handle ${p}`);
      seen.push(p);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(log.slice(0, 3)).toEqual(['fetch 1', 'fetch 2', 'handle 1']);
  });

  it('passes on a failure of the source', async () => {
    async function* failing() {
      yield 1;
      throw new Error('page 2 failed');
    }
    const seen: number[] = [];
    await expect(async () => {
      for await (const p of readAhead(failing())) seen.push(p);
    }).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });
});
