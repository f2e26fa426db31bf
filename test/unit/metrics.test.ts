import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/daemon/metrics.js';
import type { DispatchOutcome } from '../../src/reports/report-dispatch.js';

const mail = (kind: DispatchOutcome['kind'], status: DispatchOutcome['status']): DispatchOutcome => ({
  kind, status, countyCode: '330102', countyName: '上城区', recipients: [], subject: '', schools: 0, people: 0, files: [], error: null,
});

describe('the metrics', () => {
  it('exist at 0 before the first event, so that increase() sees the first one', async () => {
    const text = await createMetrics(new Registry()).registry.metrics();
    for (const line of [
      'teacher_sync_runs_total{status="halted"} 0', 'teacher_sync_runs_total{status="stopped"} 0',
      'teacher_sync_account_pushes_total{outcome="refused"} 0', 'teacher_sync_account_pushes_total{outcome="error"} 0',
      'teacher_sync_report_mails_total{kind="summary",status="failed"} 0',
    ]) expect(text).toContain(line);
  });

  it('count pushes by outcome and mails sent or failed, not the ones left unsent', async () => {
    const m = createMetrics(new Registry());
    m.onPushed('ok', 40);
    m.onPushed('refused', 3);
    m.onPushed('error', 25);
    m.onPushed('error', 0);
    for (const d of [mail('report', 'sent'), mail('report', 'failed'), mail('summary', 'failed'), mail('report', 'unchanged'), mail('report', 'would-send')]) m.onDelivery(d);
    const text = await m.registry.metrics();
    expect(text).toContain('teacher_sync_account_pushes_total{outcome="ok"} 40');
    expect(text).toContain('teacher_sync_account_pushes_total{outcome="refused"} 3');
    expect(text).toContain('teacher_sync_account_pushes_total{outcome="error"} 25');
    expect(text).toContain('teacher_sync_report_mails_total{kind="report",status="sent"} 1');
    expect(text).toContain('teacher_sync_report_mails_total{kind="report",status="failed"} 1');
    expect(text).toContain('teacher_sync_report_mails_total{kind="summary",status="failed"} 1');
  });

  it('say nothing of a last success before there is one', async () => {
    const m = createMetrics(new Registry());
    m.watchRuns(async () => ({ lastSuccess: null, latest: null }));
    expect(await m.registry.metrics()).not.toMatch(/^teacher_sync_last_success_timestamp_seconds/m);
  });

  it('read the latest run from the database on each scrape, and leave it out when the database is away', async () => {
    const m = createMetrics(new Registry());
    let away = false;
    m.watchRuns(async () => {
      if (away) throw new Error('database away');
      return { lastSuccess: { atMs: 1_764_000_000_000, mode: 'delta' }, latest: { status: 'halted', findings: { NAME_MISMATCH: 4 }, problems: { CODE_MISSING: 2 } } };
    });
    const text = await m.registry.metrics();
    expect(text).toContain('teacher_sync_last_success_timestamp_seconds{mode="delta"} 1764000000');
    expect(text).toContain('teacher_sync_latest_run_status{status="halted"} 1');
    expect(text).toContain('teacher_sync_latest_run_status{status="succeeded"} 0');
    expect(text).toContain('teacher_sync_latest_run_findings{kind="NAME_MISMATCH"} 4');
    expect(text).toContain('teacher_sync_latest_run_problems{code="CODE_MISSING"} 2');
    away = true;
    const later = await m.registry.metrics();
    expect(later).not.toMatch(/^teacher_sync_latest_run_status\{/m);
    expect(later).not.toMatch(/^teacher_sync_last_success_timestamp_seconds/m);
  });

  it('read the run state from the database once per scrape, for all of its gauges', async () => {
    const m = createMetrics(new Registry());
    let reads = 0;
    m.watchRuns(async () => {
      reads++;
      return { lastSuccess: { atMs: 1_700_000_000_000, mode: 'full' }, latest: { status: 'succeeded', findings: { CODE_UNKNOWN: 2 }, problems: { NAME_MISSING: 1 } } };
    });
    const text = await m.registry.metrics();
    expect(text).toContain('teacher_sync_latest_run_findings{kind="CODE_UNKNOWN"} 2');
    expect(text).toContain('teacher_sync_latest_run_problems{code="NAME_MISSING"} 1');
    expect(reads).toBe(1);
    await m.registry.metrics();
    expect(reads).toBe(2);
  });
});
