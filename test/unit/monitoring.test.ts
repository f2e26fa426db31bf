import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertRules, dashboard, DOCKER_DIR, monitoringExpressions, PROMETHEUS_DIR, queryPanels } from '../support/monitoring-files.js';
import { metricNamesOf, sampleNamesOf } from '../support/promql-names.js';
import { runTool } from '../support/system-tools.js';

const yamlOf = (path: string): unknown => parse(readFileSync(join(DOCKER_DIR, path), 'utf8'));

describe('the Prometheus alert rules (docker/prometheus)', () => {
  it('pass promtool check config, with the rules it loads', () => {
    const r = runTool('promtool', ['check', 'config', 'prometheus.yml'], { cwd: PROMETHEUS_DIR });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('pass promtool check rules', () => {
    const r = runTool('promtool', ['check', 'rules', 'alerts.yml'], { cwd: PROMETHEUS_DIR });
    expect(r.code, r.output).toBe(0);
  });

  it('pass their unit tests (promtool test rules)', () => {
    const r = runTool('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: PROMETHEUS_DIR });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('SUCCESS');
  });

  it('cover what operators must hear of, each alert with a unit test where it fires', () => {
    const names = alertRules().map((r) => r.alert);
    expect(names).toEqual(expect.arrayContaining([
      'TeacherSyncNoSuccessfulRun', 'TeacherSyncRunHalted', 'TeacherSyncFailedJobs', 'TeacherSyncPushFailureShare',
      'TeacherSyncProcessDown', 'TeacherSyncReportMailFailing',
    ]));
    const tests = parse(readFileSync(join(PROMETHEUS_DIR, 'alerts.test.yml'), 'utf8')) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const firing = new Set(tests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    const silent = new Set(tests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length === 0).map((a) => a.alertname)));
    for (const name of names) {
      expect(firing.has(name), `${name} is tested firing`).toBe(true);
      expect(silent.has(name), `${name} is tested silent`).toBe(true);
    }
  });
});

describe('the compose file, Grafana and Alertmanager', () => {
  it('are valid YAML and JSON', () => {
    for (const f of ['compose.yaml', 'prometheus/prometheus.yml', 'alertmanager/alertmanager.yml', 'grafana/provisioning/datasources/prometheus.yaml', 'grafana/provisioning/dashboards/teacher-sync.yaml']) {
      expect(() => yamlOf(f), f).not.toThrow();
    }
    expect(dashboard().uid).toBe('teacher-sync');
  });

  it('mount only files that exist, and give Prometheus its rules beside its config', () => {
    const compose = yamlOf('compose.yaml') as { services: Record<string, { volumes?: string[] }> };
    const binds = Object.values(compose.services).flatMap((s) => (s.volumes ?? []).filter((v) => v.startsWith('./')));
    expect(binds.length).toBeGreaterThanOrEqual(5);
    for (const v of binds) expect(existsSync(join(DOCKER_DIR, v.split(':')[0] ?? '')), v).toBe(true);
    const prometheus = compose.services['prometheus']?.volumes ?? [];
    expect(prometheus).toContain('./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
    expect((yamlOf('prometheus/prometheus.yml') as { rule_files: string[] }).rule_files).toEqual(['alerts.yml']);
    for (const name of ['grafana', 'alertmanager', 'prometheus']) expect(Object.keys(compose.services)).toContain(name);
  });

  it('give the dashboard the data source it names, and the folder the provider reads', () => {
    const ds = yamlOf('grafana/provisioning/datasources/prometheus.yaml') as { datasources: { uid: string; url: string }[] };
    const uids = new Set(ds.datasources.map((d) => d.uid));
    const panels = queryPanels(dashboard());
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels) expect(uids.has(p.datasource?.uid ?? ''), p.title).toBe(true);
    const provider = yamlOf('grafana/provisioning/dashboards/teacher-sync.yaml') as { providers: { options: { path: string } }[] };
    const compose = readFileSync(join(DOCKER_DIR, 'compose.yaml'), 'utf8');
    expect(compose).toContain(`./grafana/dashboards:${provider.providers[0]?.options.path ?? '?'}:ro`);
  });

  it('dashboard shows runs, phases, pushes, findings, queue and mail', () => {
    const names = new Set(monitoringExpressions().filter((e) => e.where.startsWith('panel')).flatMap((e) => metricNamesOf(e.expr)));
    for (const n of [
      'teacher_sync_runs_total', 'teacher_sync_run_phase_duration_seconds_sum', 'teacher_sync_account_pushes_total',
      'teacher_sync_latest_run_findings', 'teacher_sync_queue_jobs', 'teacher_sync_report_mails_total',
    ]) expect(names.has(n), n).toBe(true);
  });
});

describe('reading metric names out of PromQL', () => {
  it.each([
    ['time() - max(teacher_sync_last_success_timestamp_seconds) > 26 * 3600', ['teacher_sync_last_success_timestamp_seconds']],
    ['max by (status) (teacher_sync_latest_run_status{status=~"stopped|halted"}) == 1', ['teacher_sync_latest_run_status']],
    ['sum(increase(a_total{outcome=~"x|y"}[1h])) / sum(increase(a_total[1h])) > 0.05 and sum(increase(a_total[1h])) >= 20', ['a_total']],
    ['histogram_quantile(0.95, sum by (le, platform) (rate(h_seconds_bucket[5m])))', ['h_seconds_bucket']],
    ['absent(up{job="teacher-sync-worker"} == 1)', ['up']],
    ['x offset 1h + on(instance) group_left(v) y_info', ['x', 'y_info']],
    ['1e3 * sum without (pod) (rate(m[$__rate_interval]))', ['m']],
  ])('%s', (expr, names) => {
    expect(metricNamesOf(expr).sort()).toEqual([...names].sort());
  });

  it('sample names include a histogram\'s series and no comment', () => {
    const page = '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 0\nh_sum 0\nh_count 0\ng{a="b c"} 1\n';
    expect([...sampleNamesOf(page)].sort()).toEqual(['g', 'h_bucket', 'h_count', 'h_sum']);
  });
});
