import type { AccountTarget } from './ports.js';

/**
 * The platform's batches in flight from one process, whichever of its push jobs sends them, at most
 * `slots`. Waiters are served in the order they came; one whose signal aborts leaves the line.
 *
 * With it a worker can hold one push job more than it pushes at once: that job reads and decrypts
 * its first batches while the others wait for the platform's answers, and sends them the moment an
 * answer frees a slot. Without it the platform sat idle at every job's end and next start — the
 * recording of the last answers, the job's completion, the next job's first reads.
 */
export function limitBatchesInFlight(target: AccountTarget, slots: number): AccountTarget {
  let free = slots;
  const line: { go(): void }[] = [];
  const acquire = (signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    if (free > 0) {
      free--;
      return resolve();
    }
    const onAbort = () => {
      line.splice(line.indexOf(waiter), 1);
      reject(abortReason(signal!));
    };
    const waiter = {
      go: () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
    };
    line.push(waiter);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  // A freed slot passes straight to the first in line, so nobody who came later gets ahead of it.
  const release = () => {
    const next = line.shift();
    if (next) next.go();
    else free++;
  };
  return {
    pushBatch: async (items, signal) => {
      await acquire(signal);
      try {
        return await target.pushBatch(items, signal);
      } finally {
        release();
      }
    },
    accounts: (signal) => target.accounts(signal),
  };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted while waiting to push');
}
