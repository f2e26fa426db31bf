import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { monitoringExpressions } from '../support/monitoring-files.js';
import { metricNamesOf, sampleNamesOf } from '../support/promql-names.js';
import { dropPrefix, freePort, getJson, Processes, SHARED_REDIS, uniquePrefix, writePolicy } from '../support/services.js';

/** Series Prometheus makes itself for every target, not exported by the target. */
const PROMETHEUS_MADE = new Set(['up']);

/**
 * Every metric the alert rules and the dashboard query is one the daemon or a worker really
 * exports after a run: a renamed metric cannot leave an alert that never fires.
 */
describe('the metrics the alerts and the dashboard use', { timeout: 240_000 }, () => {
  const procs = new Processes();
  const prefix = uniquePrefix();
  let h: Harness;
  const scraped = new Map<string, string>();

  beforeAll(async () => {
    h = await startHarness('mariadb', { seed: 11, teachers: 300 });
    // A platform that fails now and then, as they do: the error series exist after the run.
    for (const sim of [h.sims.ttp, h.sims.srp]) sim.faults.errorRate = 0.25;
    // A schedule that does not fire during the test: the run is an operator's run-now.
    const file = writePolicy({ queue: { prefix }, daemon: { schedule: '0 0 1 1 *' } });
    const env = { ...h.env, REDIS_URL: SHARED_REDIS, TEACHER_SYNC_CONFIG: file };
    const [dPort, wPort] = [await freePort(), await freePort()];
    procs.start('daemon', ['daemon', '--http-port', String(dPort)], env);
    procs.start('worker', ['worker', '--http-port', String(wPort)], env);
    const run = await procs.start('run-now', ['run-now', '--wait', '--json'], env).done;
    expect(run.code, procs.logs()).toBe(0);
    for (const [name, port] of [['daemon', dPort], ['worker', wPort]] as const) {
      const page = await getJson(`http://127.0.0.1:${port}/metrics`);
      expect(page.status).toBe(200);
      scraped.set(name, page.text);
    }
  });

  afterAll(async () => {
    await procs.killAll();
    await dropPrefix(SHARED_REDIS, prefix).catch(() => {});
    await h.close();
  });

  it('are exported by /metrics after a run', () => {
    const exported = new Set([...scraped.values()].flatMap((text) => [...sampleNamesOf(text)]));
    const expressions = monitoringExpressions();
    expect(expressions.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const { where, expr } of expressions) {
      const names = metricNamesOf(expr);
      expect(names.length, `${where} selects no metric: ${expr}`).toBeGreaterThan(0);
      for (const n of names) if (!exported.has(n) && !PROMETHEUS_MADE.has(n)) missing.push(`${where}: ${n}`);
    }
    expect(missing).toEqual([]);
  });

  it('say what the run did', () => {
    const worker = scraped.get('worker') ?? '';
    const daemon = scraped.get('daemon') ?? '';
    expect(worker).toMatch(/^teacher_sync_runs_total\{status="succeeded"\} 1$/m);
    expect(worker).toMatch(/^teacher_sync_account_pushes_total\{outcome="ok"\} [1-9]\d*$/m);
    expect(worker).toMatch(/^teacher_sync_report_mails_total\{kind="summary",status="sent"\} 1$/m);
    expect(worker).toMatch(/^teacher_sync_run_phase_duration_seconds_count\{phase="push"\} 1$/m);
    // The state of the runs comes from the database: the daemon, which ran nothing, knows it too.
    expect(daemon).toMatch(/^teacher_sync_latest_run_status\{status="succeeded"\} 1$/m);
    expect(daemon).toMatch(/^teacher_sync_latest_run_status\{status="halted"\} 0$/m);
    const at = Number(/^teacher_sync_last_success_timestamp_seconds\{mode="full"\} (\S+)$/m.exec(daemon)?.[1]);
    expect(Math.abs(at - Date.now() / 1000)).toBeLessThan(300);
    expect(worker).toMatch(/^teacher_sync_platform_call_errors_total\{platform="[a-z]+",code="HTTP_5\d\d"\} [1-9]\d*$/m);
    expect(daemon).toMatch(/^teacher_sync_latest_run_findings\{kind="[A-Z_]+"\} [1-9]\d*$/m);
  });
});
