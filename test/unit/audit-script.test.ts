import { describe, expect, it } from 'vitest';
import { judgeAudit, type AuditJson } from '../../scripts/audit.js';

function report(vulnerabilities: Record<string, { severity: string; title?: string }>): { json: AuditJson; stderr: string } {
  const v = Object.fromEntries(Object.entries(vulnerabilities).map(([name, x]) => [name, {
    name, severity: x.severity, isDirect: false, via: [{ title: x.title ?? `${name} advisory`, url: `https://github.com/advisories/GHSA-${name}`, severity: x.severity }],
    effects: [], range: '<9', nodes: [`node_modules/${name}`], fixAvailable: true,
  }]));
  return { json: { auditReportVersion: 2, vulnerabilities: v, metadata: { vulnerabilities: {} } }, stderr: '' };
}

/** What npm 11 prints with --json when the registry refuses the bulk advisory request. */
const REFUSED = {
  json: {
    message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    method: 'POST', uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, body: '',
    error: { summary: '', detail: '' },
  },
  stderr: 'npm warn audit 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk\nnpm error audit endpoint returned an error\n',
};

describe('the dependency audit script', () => {
  it('passes a clean tree', () => {
    expect(judgeAudit(report({}), report({}))).toEqual({ kind: 'ran', findings: [], exitCode: 0 });
  });

  it('fails on a high advisory in a production dependency, and names it', () => {
    const outcome = judgeAudit(report({ axios: { severity: 'high' } }), report({ axios: { severity: 'high' } }));
    expect(outcome.exitCode).toBe(1);
    expect(outcome).toMatchObject({ findings: [{ scope: 'production', name: 'axios', severity: 'high', fails: true, fix: 'npm audit fix' }] });
  });

  it('lists a moderate production advisory without failing', () => {
    expect(judgeAudit(report({ yaml: { severity: 'moderate' } }), report({ yaml: { severity: 'moderate' } })).exitCode).toBe(0);
  });

  it('fails on a critical dev-only advisory, not on a high one', () => {
    expect(judgeAudit(report({}), report({ vitest: { severity: 'high' } }))).toMatchObject({ exitCode: 0, findings: [{ scope: 'dev', fails: false }] });
    expect(judgeAudit(report({}), report({ vitest: { severity: 'critical' } }))).toMatchObject({ exitCode: 1, findings: [{ scope: 'dev', fails: true }] });
  });

  it('does not pass when the audit endpoint did not answer: exit 2 with npm\'s reason', () => {
    const outcome = judgeAudit(REFUSED, REFUSED);
    expect(outcome.exitCode).toBe(2);
    expect(outcome).toMatchObject({ kind: 'unreachable', reason: expect.stringContaining('405 Method Not Allowed') });
    expect(judgeAudit(report({}), REFUSED).exitCode).toBe(2);
    expect(judgeAudit({ json: {}, stderr: '' }, report({})).exitCode).toBe(2);
  });
});
