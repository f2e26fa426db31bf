import pLimit from 'p-limit';
import type { AccountTarget } from './ports.js';

/**
 * The platform's batches in flight from one process, whichever of its push jobs sends them, at most
 * `slots` (p-limit: first come, first served). A batch whose signal aborts while it waits for a
 * slot fails at once, and sends nothing when its turn comes; one already sent is answered as before.
 *
 * With it a worker can hold one push job more than it pushes at once: that job reads and decrypts
 * its first batches while the others wait for the platform's answers, and sends them the moment an
 * answer frees a slot. Without it the platform sat idle at every job's end and next start — the
 * recording of the last answers, the job's completion, the next job's first reads.
 */
export function limitBatchesInFlight(target: AccountTarget, slots: number): AccountTarget {
  const limit = pLimit(slots);
  return {
    pushBatch: (items, signal) => {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      let sent = false;
      const turn = limit(() => {
        if (signal?.aborted) return Promise.reject(abortReason(signal));
        sent = true;
        return target.pushBatch(items, signal);
      });
      if (!signal) return turn;
      turn.catch(() => {});
      return new Promise((resolve, reject) => {
        // Only a batch still waiting for its slot gives up here; one sent is the platform's to answer.
        const onAbort = () => {
          if (!sent) reject(abortReason(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        turn.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    accounts: (signal) => target.accounts(signal),
  };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted while waiting to push');
}
