import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RunMode, RunStatus } from '../db/repositories/sync-run.repository.js';
import type { HttpCallEvent } from '../platforms/http/http-client.js';
import type { DispatchOutcome } from '../reports/report-dispatch.js';
import type { PushOutcome } from '../sync/ports.js';
import type { RunSummary } from '../sync/sync-run.js';

/** Job counts by queue and state, read from the queue on each scrape. */
export type QueueDepth = () => Promise<Record<string, Record<string, number>>>;

/** The latest sync as the database tells it, read on each scrape (whichever process ran it). */
export interface RunState {
  /** When the newest sync that succeeded (or ended partial: it pushed) finished, and its mode; null: none yet. */
  lastSuccess: { atMs: number; mode: RunMode } | null;
  /** The newest finished sync: its status, findings by kind and problems by code. */
  latest: { status: RunStatus; findings: Record<string, number>; problems: Record<string, number> } | null;
}
export type RunStateReader = () => Promise<RunState>;

export interface Metrics {
  registry: Registry;
  /** Each HTTP exchange with a platform (the HTTP client's `onCall`). */
  onCall(e: HttpCallEvent): void;
  /** Accounts whose push the platform answered (or a batch that could not be sent). */
  onPushed(outcome: PushOutcome, n: number): void;
  /** A report mail sent or not. */
  onDelivery(d: DispatchOutcome): void;
  /** A run this process finished. */
  runFinished(s: RunSummary): void;
  /** Reports the queues' depth on every scrape. */
  watchQueues(depth: QueueDepth): void;
  /** Reports the latest run's state on every scrape. */
  watchRuns(read: RunStateReader): void;
}

const OUTCOMES = ['created', 'updated', 'moved', 'disabled', 'failed', 'unchanged'] as const;
const FINISHED: readonly RunStatus[] = ['succeeded', 'partial', 'stopped', 'halted', 'failed', 'aborted'];
const PUSH_OUTCOMES: readonly PushOutcome[] = ['ok', 'refused', 'error'];
const MAIL_KINDS = ['report', 'all-clear', 'summary'] as const;

/** A gauge filled on each scrape from `read`; left out of the scrape when the read fails. */
function scrapedGauge<T>(registry: Registry, name: string, help: string, labelNames: string[], source: () => (() => Promise<T>) | null, fill: (g: Gauge, v: T) => void): void {
  new Gauge({
    name, help, labelNames, registers: [registry],
    async collect() {
      const read = source();
      if (!read) return;
      try {
        const value = await read();
        this.reset();
        fill(this, value);
      } catch {
        // Redis or the database away: the series are left out of this scrape rather than the scrape failing.
        this.reset();
      }
    },
  });
}

/**
 * The four run-state gauges are collected together on each scrape: they share one read of the
 * database, the one in flight, rather than making four.
 */
function sharedRead(source: () => RunStateReader | null): () => RunStateReader | null {
  let inFlight: Promise<RunState> | null = null;
  return () => {
    const read = source();
    if (!read) return null;
    return () => (inFlight ??= read().finally(() => { inFlight = null; }));
  };
}

function runStateGauges(registry: Registry, reader: () => RunStateReader | null): void {
  const source = sharedRead(reader);
  // Labelled even though one series is meant: prom-client keeps a 0 for a gauge without labels
  // after a reset, which would read as "last success in 1970" when there is none or the database is away.
  scrapedGauge(registry, 'teacher_sync_last_success_timestamp_seconds', 'When the newest sync that succeeded or ended partial finished (Unix time), by its mode, from the database.', ['mode'], source, (g, s) => {
    if (s.lastSuccess) g.set({ mode: s.lastSuccess.mode }, s.lastSuccess.atMs / 1000);
  });
  scrapedGauge(registry, 'teacher_sync_latest_run_status', 'The newest finished sync: 1 for its status, 0 for the others, from the database.', ['status'], source, (g, s) => {
    if (s.latest) for (const status of FINISHED) g.set({ status }, s.latest.status === status ? 1 : 0);
  });
  scrapedGauge(registry, 'teacher_sync_latest_run_findings', 'Entered schools found wrong by the newest finished sync, by kind.', ['kind'], source, (g, s) => {
    for (const [kind, n] of Object.entries(s.latest?.findings ?? {})) g.set({ kind }, n);
  });
  scrapedGauge(registry, 'teacher_sync_latest_run_problems', 'Per-record problems of the newest finished sync, by code.', ['code'], source, (g, s) => {
    for (const [code, n] of Object.entries(s.latest?.problems ?? {})) g.set({ code }, n);
  });
}

/** Prometheus metrics, registered in the registry given (never the global one). */
export function createMetrics(registry: Registry): Metrics {
  collectDefaultMetrics({ register: registry, prefix: 'teacher_sync_' });
  const runs = new Counter({ name: 'teacher_sync_runs_total', help: 'Runs finished by this process, by status.', labelNames: ['status'], registers: [registry] });
  const records = new Counter({ name: 'teacher_sync_records_total', help: 'Accounts of finished runs, by outcome.', labelNames: ['outcome'], registers: [registry] });
  const duration = new Histogram({
    name: 'teacher_sync_run_duration_seconds', help: 'Wall time of finished runs.', labelNames: ['mode'], registers: [registry],
    buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400],
  });
  const phases = new Histogram({
    name: 'teacher_sync_run_phase_duration_seconds', help: 'Time finished runs spent in each phase.', labelNames: ['phase'], registers: [registry],
    buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
  });
  const calls = new Histogram({
    name: 'teacher_sync_platform_call_duration_seconds', help: 'HTTP exchanges with the platforms (each attempt).', labelNames: ['platform', 'method', 'status'], registers: [registry],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const errors = new Counter({ name: 'teacher_sync_platform_call_errors_total', help: 'HTTP exchanges with the platforms that failed, by error code.', labelNames: ['platform', 'code'], registers: [registry] });
  const pushes = new Counter({
    name: 'teacher_sync_account_pushes_total', labelNames: ['outcome'], registers: [registry],
    help: 'Accounts pushed by this process: ok (the platform took it), refused (it answered 4xx for the account), error (the batch could not be sent).',
  });
  const mails = new Counter({ name: 'teacher_sync_report_mails_total', help: 'Report mails this process tried to send, by kind and status (sent, failed).', labelNames: ['kind', 'status'], registers: [registry] });
  let depth: QueueDepth | null = null;
  let runState: RunStateReader | null = null;
  scrapedGauge(registry, 'teacher_sync_queue_jobs', 'Jobs in the queues, by state.', ['queue', 'state'], () => depth, (g, byQueue) => {
    for (const [queue, states] of Object.entries(byQueue)) for (const [state, n] of Object.entries(states)) g.set({ queue, state }, n);
  });
  runStateGauges(registry, () => runState);
  // Every series exists from the start at 0, so that increase() sees the first event of each.
  for (const outcome of OUTCOMES) records.inc({ outcome }, 0);
  for (const status of FINISHED) runs.inc({ status }, 0);
  for (const outcome of PUSH_OUTCOMES) pushes.inc({ outcome }, 0);
  for (const kind of MAIL_KINDS) for (const status of ['sent', 'failed']) mails.inc({ kind, status }, 0);

  return {
    registry,
    onCall(e) {
      // Status classes, not paths: a path may carry an external id, and a label must stay small.
      const status = e.status === undefined ? 'none' : `${Math.floor(e.status / 100)}xx`;
      calls.observe({ platform: e.platform, method: e.method, status }, e.ms / 1000);
      if (e.error !== undefined || (e.status ?? 0) >= 400) errors.inc({ platform: e.platform, code: e.error ?? `HTTP_${e.status ?? 0}` });
    },
    onPushed(outcome, n) {
      if (n > 0) pushes.inc({ outcome }, n);
    },
    onDelivery(d) {
      if (d.status === 'sent' || d.status === 'failed') mails.inc({ kind: d.kind, status: d.status });
    },
    runFinished(s) {
      runs.inc({ status: s.status });
      for (const outcome of OUTCOMES) records.inc({ outcome }, s[outcome]);
      duration.observe({ mode: s.mode }, s.durationMs / 1000);
      for (const [phase, ms] of Object.entries(s.phaseMs)) phases.observe({ phase }, ms / 1000);
    },
    watchQueues(d) {
      depth = d;
    },
    watchRuns(read) {
      runState = read;
    },
  };
}
