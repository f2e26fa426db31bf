/**
 * Dependency audit (`npm run audit`): asks the npm registry's advisory database about the
 * installed tree (`npm audit --json`) and fails on what matters.
 *
 * What counts:
 * - production dependencies (`--omit=dev`): a high or critical advisory fails. They ship in the
 *   image and handle ID numbers, mobiles and the platforms' credentials.
 * - dev dependencies (test runner, linters, the SMTP test server): a critical advisory fails (that
 *   is where malicious-package advisories land); a high one is listed but does not fail. They run
 *   on developer machines and in CI against simulators and throwaway data, never with production
 *   data or credentials.
 *
 * Exit codes: 0 nothing that fails; 1 the audit ran and found advisories that fail; 2 the audit
 * could not run (the registry's audit endpoint did not answer with a report). 2 is never a pass:
 * an audit that did not run says nothing about the dependencies.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

const RANK: Record<Severity, number> = { info: 0, low: 1, moderate: 2, high: 3, critical: 4 };

interface Vulnerability {
  name: string;
  severity: Severity;
  isDirect?: boolean;
  via: (string | { title?: string; url?: string; severity?: Severity })[];
  fixAvailable?: boolean | { name: string; version: string; isSemVerMajor?: boolean };
}

/** `npm audit --json` output: a report, or the error npm met asking for one. */
export type AuditJson = Record<string, unknown>;

export interface AuditFinding {
  scope: 'production' | 'dev';
  name: string;
  severity: Severity;
  advisories: string[];
  fix: string;
  fails: boolean;
}

export type AuditOutcome =
  | { kind: 'ran'; findings: AuditFinding[]; exitCode: 0 | 1 }
  | { kind: 'unreachable'; reason: string; exitCode: 2 };

function isReport(j: AuditJson): j is AuditJson & { vulnerabilities: Record<string, Vulnerability> } {
  return typeof j['auditReportVersion'] === 'number' && typeof j['vulnerabilities'] === 'object' && j['vulnerabilities'] !== null;
}

/** Why npm could not produce a report, in its own words. */
function reasonOf(j: AuditJson, stderr: string): string {
  const message = typeof j['message'] === 'string' ? j['message'] : null;
  const error = j['error'] as { summary?: unknown; detail?: unknown } | undefined;
  const summary = typeof error?.summary === 'string' && error.summary !== '' ? error.summary : null;
  const npmLines = stderr.split('\n').filter((l) => /^npm (error|warn)/.test(l) && !l.includes('complete log')).join('; ');
  return [message, summary, npmLines].filter((s): s is string => Boolean(s)).join(' | ') || 'npm audit printed no report';
}

function fixText(f: Vulnerability['fixAvailable']): string {
  if (f === true) return 'npm audit fix';
  if (f && typeof f === 'object') return `${f.name}@${f.version}${f.isSemVerMajor ? ' (semver-major)' : ''}`;
  return 'no fix yet';
}

function findingsOf(report: Record<string, Vulnerability>, scope: AuditFinding['scope'], failAt: Severity, skip: ReadonlySet<string>): AuditFinding[] {
  return Object.values(report)
    .filter((v) => !skip.has(v.name))
    .map((v) => ({
      scope,
      name: v.name,
      severity: v.severity,
      advisories: v.via.map((x) => (typeof x === 'string' ? `via ${x}` : `${x.title ?? '?'} ${x.url ?? ''}`.trim())),
      fix: fixText(v.fixAvailable),
      fails: RANK[v.severity] >= RANK[failAt],
    }));
}

/** Judges the two reports: production dependencies alone, and the whole tree. */
export function judgeAudit(production: { json: AuditJson; stderr: string }, all: { json: AuditJson; stderr: string }): AuditOutcome {
  for (const r of [production, all]) if (!isReport(r.json)) return { kind: 'unreachable', reason: reasonOf(r.json, r.stderr), exitCode: 2 };
  const prod = (production.json as { vulnerabilities: Record<string, Vulnerability> }).vulnerabilities;
  const whole = (all.json as { vulnerabilities: Record<string, Vulnerability> }).vulnerabilities;
  const findings = [...findingsOf(prod, 'production', 'high', new Set()), ...findingsOf(whole, 'dev', 'critical', new Set(Object.keys(prod)))];
  return { kind: 'ran', findings, exitCode: findings.some((f) => f.fails) ? 1 : 0 };
}

function npmAudit(args: string[]): { json: AuditJson; stderr: string } {
  const r = spawnSync('npm', ['audit', '--json', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let json: AuditJson = {};
  try {
    json = JSON.parse(r.stdout || '{}') as AuditJson;
  } catch {
    json = { message: `npm audit printed something other than JSON: ${r.stdout.slice(0, 200)}` };
  }
  if (r.error) json = { message: `could not run npm: ${r.error.message}` };
  return { json, stderr: r.stderr ?? '' };
}

function main(): number {
  const outcome = judgeAudit(npmAudit(['--omit=dev']), npmAudit([]));
  if (outcome.kind === 'unreachable') {
    console.error('audit: NOT RUN: the registry did not answer the audit request, so nothing is known about the dependencies.');
    console.error(`audit: ${outcome.reason}`);
    return outcome.exitCode;
  }
  for (const f of outcome.findings) {
    console.log(`audit: ${f.fails ? 'FAIL' : 'note'} ${f.scope} ${f.name} (${f.severity}): ${f.advisories.join('; ')}; fix: ${f.fix}`);
  }
  const failing = outcome.findings.filter((f) => f.fails).length;
  console.log(failing > 0 ? `audit: ${failing} advisory(ies) at or above the limit` : `audit: no high or critical advisory in production dependencies, no critical one in dev dependencies (${outcome.findings.length} below the limit)`);
  return outcome.exitCode;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
