import type { Repositories } from '../db/port.js';
import type { ProgressReporter, SyncDeps } from './ports.js';

/** What each phase of one run gets. */
export interface PhaseContext {
  deps: SyncDeps;
  repos: Repositories;
  runId: number;
  signal: AbortSignal;
  progress: ProgressReporter;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('run aborted');
}
