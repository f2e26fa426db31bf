import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const DOCKER_DIR = join(import.meta.dirname, '../../docker');
export const PROMETHEUS_DIR = join(DOCKER_DIR, 'prometheus');
export const DASHBOARD_FILE = join(DOCKER_DIR, 'grafana/dashboards/teacher-sync.json');

export interface AlertRule {
  alert: string;
  expr: string;
}

interface Panel {
  title?: string;
  type: string;
  datasource?: { uid?: string };
  targets?: { expr?: string }[];
  panels?: Panel[];
}

export interface Dashboard {
  uid: string;
  panels: Panel[];
}

export function alertRules(): AlertRule[] {
  const doc = parse(readFileSync(join(PROMETHEUS_DIR, 'alerts.yml'), 'utf8')) as { groups: { rules: AlertRule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

export function dashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

/** Every panel that queries, rows' nested panels included. */
export function queryPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
}

/** Every PromQL expression of the alert rules and the dashboard, with where it is. */
export function monitoringExpressions(): { where: string; expr: string }[] {
  return [
    ...alertRules().map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
    ...queryPanels(dashboard()).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title ?? '?'}"`, expr: t.expr ?? '' }))),
  ];
}
