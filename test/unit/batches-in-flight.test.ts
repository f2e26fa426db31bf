import { describe, expect, it } from 'vitest';
import { limitBatchesInFlight } from '../../src/sync/batches-in-flight.js';
import type { AccountTarget, PushItem, PushResult } from '../../src/sync/ports.js';

/** A platform whose every batch waits until the test answers it, in any order. */
function heldPlatform() {
  const waiting: { tag: string; answer(): void }[] = [];
  const target: AccountTarget = {
    pushBatch: (items: PushItem[]) => new Promise<PushResult[]>((resolve) => {
      waiting.push({ tag: items[0]!.externalId, answer: () => resolve([]) });
    }),
    accounts: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true as const, value: undefined }) }) }),
  };
  return { target, waiting };
}

const batch = (tag: string): PushItem[] => [{ externalId: tag } as PushItem];
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('batches in flight from one process', () => {
  it('lets at most the slots through, and hands a freed slot to the first in line', async () => {
    const { target, waiting } = heldPlatform();
    const limited = limitBatchesInFlight(target, 2);
    const sent = ['a', 'b', 'c', 'd'].map((t) => limited.pushBatch(batch(t)));
    await settle();
    expect(waiting.map((w) => w.tag)).toEqual(['a', 'b']);
    waiting[1]!.answer();
    await sent[1];
    await settle();
    expect(waiting.map((w) => w.tag)).toEqual(['a', 'b', 'c']);
    waiting[0]!.answer();
    waiting[2]!.answer();
    await settle();
    expect(waiting.map((w) => w.tag)).toEqual(['a', 'b', 'c', 'd']);
    waiting[3]!.answer();
    await Promise.all(sent);
  });

  it('frees the slot of a batch that failed', async () => {
    let calls = 0;
    const failing: AccountTarget = { ...heldPlatform().target, pushBatch: () => (++calls === 1 ? Promise.reject(new Error('503')) : Promise.resolve([])) };
    const limited = limitBatchesInFlight(failing, 1);
    await expect(limited.pushBatch(batch('a'))).rejects.toThrow('503');
    await expect(limited.pushBatch(batch('b'))).resolves.toEqual([]);
  });

  it('lets a waiter whose signal aborts leave the line, without taking a slot from those behind it', async () => {
    const { target, waiting } = heldPlatform();
    const limited = limitBatchesInFlight(target, 1);
    const first = limited.pushBatch(batch('a'));
    const stop = new AbortController();
    const leaving = limited.pushBatch(batch('b'), stop.signal);
    const last = limited.pushBatch(batch('c'));
    stop.abort(new Error('shutting down'));
    await expect(leaving).rejects.toThrow('shutting down');
    waiting[0]!.answer();
    await first;
    await settle();
    expect(waiting.map((w) => w.tag)).toEqual(['a', 'c']);
    waiting[1]!.answer();
    await last;
    // Already aborted: not even queued.
    await expect(limited.pushBatch(batch('d'), stop.signal)).rejects.toThrow('shutting down');
    expect(waiting).toHaveLength(2);
  });
});
