import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../support/config-problems.js';
import { loadBaseConfig, loadSyncConfig } from '../../src/config/config.js';


const sync = {
  TTP_BASE_URL: 'http://127.0.0.1:1', TTP_CLIENT_ID: 'a', TTP_CLIENT_SECRET: 'b', REGISTRY_URL: 'http://127.0.0.1:2',
  SRP_BASE_URL: 'http://127.0.0.1:3', SRP_CLIENT_ID: 'c', SRP_CLIENT_SECRET: 'd', PII_KEY: '0123456789abcdef',
};

describe('report settings', () => {
  it('defaults to files under ./reports and the shipped bureaus file', () => {
    const cfg = loadBaseConfig({});
    expect(cfg.reports).toMatchObject({ smtpUrl: null, mailFrom: null, reportDir: './reports', bureausFile: 'config/bureaus.yaml' });
    expect(cfg.reports.bureaus.province?.to.length).toBeGreaterThan(0);
    expect(cfg.reports.bureaus.counties['330102']?.to).toEqual(['jyj-330102@example.gov.cn']);
    expect(cfg.policy.findings.nameSimilarity).toBe(0.85);
    expect(cfg.policy.mail.retries).toBe(4);
  });

  it('lists a bad SMTP_URL with the other bad settings', () => {
    const problems = problemsOf(() => loadSyncConfig({ ...sync, PII_KEY: 'short', SMTP_URL: 'http://mail.example.gov.cn' }));
    expect(problems.some((p) => p.startsWith('SMTP_URL:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('PII_KEY:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('MAIL_FROM:'))).toBe(true);
  });

  it('takes smtp:// and smtps:// with a sender', () => {
    const cfg = loadSyncConfig({ ...sync, SMTP_URL: 'smtps://user:pw@127.0.0.1:465', MAIL_FROM: '教师账号同步 <ts@example.gov.cn>' });
    expect(cfg.reports.smtpUrl).toBe('smtps://user:pw@127.0.0.1:465');
    expect(problemsOf(() => loadBaseConfig({ SMTP_URL: 'smtp://127.0.0.1:25', MAIL_FROM: 'not an address' }))[0]).toMatch(/^MAIL_FROM:/);
  });

  it('names a missing or bad bureaus file', () => {
    expect(problemsOf(() => loadBaseConfig({ BUREAUS_FILE: '/nonexistent/bureaus.yaml' })).join()).toMatch(/BUREAUS_FILE: file .* does not exist/);
    const dir = mkdtempSync(join(tmpdir(), 'ts-bureaus-'));
    const file = join(dir, 'b.yaml');
    writeFileSync(file, "counties:\n  '3301': { to: [x@example.gov.cn] }\n  '330102': { to: [not-mail] }\nprovince: { to: [] }\n");
    const problems = problemsOf(() => loadBaseConfig({ BUREAUS_FILE: file }));
    expect(problems.some((p) => p.includes('counties.3301'))).toBe(true);
    expect(problems.some((p) => p.includes('counties.330102.to.0'))).toBe(true);
    expect(problems.some((p) => p.includes('province.to'))).toBe(true);
    expect(problems.every((p) => p.includes(file))).toBe(true);
  });
});
