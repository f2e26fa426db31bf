import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { HttpCallEvent } from '../platforms/http/http-client.js';
import type { RunSummary } from '../sync/sync-run.js';

/** Job counts by queue and state, read from the queue on each scrape. */
export type QueueDepth = () => Promise<Record<string, Record<string, number>>>;

export interface Metrics {
  registry: Registry;
  /** Each HTTP exchange with a platform (the HTTP client's `onCall`). */
  onCall(e: HttpCallEvent): void;
  /** A run this process finished. */
  runFinished(s: RunSummary): void;
  /** Reports the queues' depth on every scrape. */
  watchQueues(depth: QueueDepth): void;
}

const OUTCOMES = ['created', 'updated', 'moved', 'disabled', 'failed', 'unchanged'] as const;

/** Prometheus metrics, registered in the registry given (never the global one). */
export function createMetrics(registry: Registry): Metrics {
  collectDefaultMetrics({ register: registry, prefix: 'teacher_sync_' });
  const runs = new Counter({ name: 'teacher_sync_runs_total', help: 'Runs finished by this process, by status.', labelNames: ['status'], registers: [registry] });
  const records = new Counter({ name: 'teacher_sync_records_total', help: 'Accounts of finished runs, by outcome.', labelNames: ['outcome'], registers: [registry] });
  const duration = new Histogram({
    name: 'teacher_sync_run_duration_seconds', help: 'Wall time of finished runs.', labelNames: ['mode'], registers: [registry],
    buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400],
  });
  const calls = new Histogram({
    name: 'teacher_sync_platform_call_duration_seconds', help: 'HTTP exchanges with the platforms (each attempt).', labelNames: ['platform', 'method', 'status'], registers: [registry],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const errors = new Counter({ name: 'teacher_sync_platform_call_errors_total', help: 'HTTP exchanges with the platforms that failed, by error code.', labelNames: ['platform', 'code'], registers: [registry] });
  let depth: QueueDepth | null = null;
  new Gauge({
    name: 'teacher_sync_queue_jobs', help: 'Jobs in the queues, by state.', labelNames: ['queue', 'state'], registers: [registry],
    async collect() {
      if (!depth) return;
      try {
        const byQueue = await depth();
        this.reset();
        for (const [queue, states] of Object.entries(byQueue)) for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
      } catch {
        // Redis away: the series are left out of this scrape rather than the scrape failing.
        this.reset();
      }
    },
  });
  for (const outcome of OUTCOMES) records.inc({ outcome }, 0);

  return {
    registry,
    onCall(e) {
      // Status classes, not paths: a path may carry an external id, and a label must stay small.
      const status = e.status === undefined ? 'none' : `${Math.floor(e.status / 100)}xx`;
      calls.observe({ platform: e.platform, method: e.method, status }, e.ms / 1000);
      if (e.error !== undefined || (e.status ?? 0) >= 400) errors.inc({ platform: e.platform, code: e.error ?? `HTTP_${e.status ?? 0}` });
    },
    runFinished(s) {
      runs.inc({ status: s.status });
      for (const outcome of OUTCOMES) records.inc({ outcome }, s[outcome]);
      duration.observe({ mode: s.mode }, s.durationMs / 1000);
    },
    watchQueues(d) {
      depth = d;
    },
  };
}
