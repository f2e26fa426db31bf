import type { Logger } from '../log/logger.js';
import { coerceError } from '../core/errors.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Resolves once the process was asked to stop (SIGTERM or SIGINT) and `shutdown` has run. A second
 * signal during the shutdown ends the process at once, by that signal, as an operator pressing
 * Ctrl-C twice expects. `deadlineMs` bounds the whole shutdown: a resource that never lets go
 * cannot keep the process past the time a supervisor allows (systemd's, Docker's stop timeout).
 */
export function untilStopped(shutdown: (signal: NodeJS.Signals) => Promise<void>, opts: { log: Logger; deadlineMs: number }): Promise<void> {
  const { log } = opts;
  return new Promise<void>((resolve) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: stopping at once');
        for (const s of SIGNALS) process.removeAllListeners(s);
        process.kill(process.pid, signal);
        return;
      }
      stopping = true;
      log.info({ signal }, 'stopping: no new jobs; the jobs in hand finish or go back to the queue');
      setTimeout(() => {
        log.error({ deadlineMs: opts.deadlineMs }, 'shutdown did not finish in time; exiting');
        process.exit(1);
      }, opts.deadlineMs).unref();
      shutdown(signal).then(
        () => {
          log.info('stopped');
          // Whatever handle is still open (an idle socket of a library) must not hold the process.
          setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
          resolve();
        },
        (e: unknown) => {
          log.error({ err: coerceError(e).message }, 'shutdown failed');
          process.exitCode = 1;
          setTimeout(() => process.exit(1), 1000).unref();
          resolve();
        },
      );
    };
    for (const s of SIGNALS) process.on(s, handler);
  });
}
