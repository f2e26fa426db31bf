import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/platforms/errors.js';
import { paginate, type Page } from '../../src/platforms/http/paging.js';

async function collect<T>(pages: Record<string, Page<T>>): Promise<{ pages: T[][]; asked: (string | null)[] }> {
  const asked: (string | null)[] = [];
  const out: T[][] = [];
  const fetchPage = async (cursor: string | null) => {
    asked.push(cursor);
    const p = pages[cursor ?? ''];
    if (!p) throw new Error(`unexpected cursor ${cursor}`);
    return p;
  };
  for await (const page of paginate(fetchPage, { platform: 'registry' })) out.push(page);
  return { pages: out, asked };
}

describe('paginate', () => {
  it('follows opaque cursors as given until nextCursor is null', async () => {
    const r = await collect({ '': { data: [1, 2], nextCursor: 'a+b/c==' }, 'a+b/c==': { data: [3], nextCursor: ' x ' }, ' x ': { data: [], nextCursor: null } });
    expect(r.pages).toEqual([[1, 2], [3], []]);
    expect(r.asked).toEqual([null, 'a+b/c==', ' x ']);
  });

  it.each([
    ['missing', { data: [1] }],
    ['null', { data: [1], nextCursor: null }],
    ['empty', { data: [1], nextCursor: '' }],
  ])('a %s nextCursor ends the list', async (_label, first) => {
    const r = await collect({ '': first as Page<number> });
    expect(r.pages).toEqual([[1]]);
  });

  it('fetches the next page only when the consumer asks for it', async () => {
    const asked: (string | null)[] = [];
    const gen = paginate(async (c) => {
      asked.push(c);
      return { data: [c], nextCursor: c === null ? 'b' : null };
    }, { platform: 'ttp' });
    await gen.next();
    expect(asked).toEqual([null]);
    await gen.return(undefined);
    expect(asked).toEqual([null]);
  });

  it('stops with PLATFORM_SCHEMA when a cursor comes back a second time', async () => {
    const err = await collect({ '': { data: [1], nextCursor: 'a' }, a: { data: [2], nextCursor: 'b' }, b: { data: [3], nextCursor: 'a' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe('PLATFORM_SCHEMA');
    expect((err as PlatformError).retryable).toBe(false);
    expect((err as PlatformError).platform).toBe('registry');
  });
});
