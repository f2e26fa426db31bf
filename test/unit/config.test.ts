import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../support/config-problems.js';
import { loadBaseConfig, loadConsoleConfig, loadSyncConfig } from '../../src/config/config.js';

const good = {
  TTP_BASE_URL: 'http://127.0.0.1:1', TTP_CLIENT_ID: 'a', TTP_CLIENT_SECRET: 'b',
  REGISTRY_URL: 'http://127.0.0.1:2', SRP_BASE_URL: 'http://127.0.0.1:3', SRP_CLIENT_ID: 'c', SRP_CLIENT_SECRET: 'd',
  PII_KEY: '0123456789abcdef', TEACHER_SYNC_CONFIG: 'config/default.yaml',
};


describe('configuration', () => {
  it('parses a complete environment with the shipped policy and defaults', () => {
    const cfg = loadSyncConfig(good);
    expect(cfg.database).toEqual({ url: 'sqlite:./data/teacher-sync.db', kind: 'sqlite' });
    expect(cfg.registry).toEqual({ kind: 'url', url: 'http://127.0.0.1:2' });
    expect(cfg.policy.safety).toEqual({ maxDisableShare: 0.05, maxDisableCount: 1000, graceCount: 10 });
    expect(cfg.policy.sync.pushBatchSize).toBe(500);
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it('lists every missing or bad variable at once', () => {
    const problems = problemsOf(() => loadSyncConfig({ TTP_BASE_URL: 'nope', PII_KEY: 'short', DATABASE_URL: 'postgres://x' }));
    const named = problems.map((p) => p.split(':')[0]);
    for (const v of ['TTP_BASE_URL', 'TTP_CLIENT_ID', 'TTP_CLIENT_SECRET', 'SRP_BASE_URL', 'SRP_CLIENT_ID', 'SRP_CLIENT_SECRET', 'PII_KEY', 'DATABASE_URL']) {
      expect(named).toContain(v);
    }
  });

  it('wants exactly one registry source', () => {
    expect(problemsOf(() => loadSyncConfig({ ...good, REGISTRY_URL: '' })).join()).toMatch(/exactly one of REGISTRY_URL or REGISTRY_FILE/);
    expect(problemsOf(() => loadSyncConfig({ ...good, REGISTRY_FILE: 'r.csv' })).join()).toMatch(/exactly one/);
    expect(loadSyncConfig({ ...good, REGISTRY_URL: '', REGISTRY_FILE: 'r.csv' }).registry).toEqual({ kind: 'file', path: 'r.csv' });
  });

  it('names bad policy keys with the file they are in, and unknown keys too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-cfg-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'safety:\n  maxDisableShare: 1.5\ncampus:\n  explicit:\n    "123": S1\nsurprise: true\n');
    const problems = problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: file }));
    expect(problems.some((p) => p.startsWith('safety.maxDisableShare in'))).toBe(true);
    expect(problems.some((p) => p.includes('campus.explicit.123'))).toBe(true);
    expect(problems.some((p) => p.includes('surprise'))).toBe(true);
    expect(problems.every((p) => p.includes(file))).toBe(true);
  });

  it('refuses a policy file named explicitly that does not exist, and broken YAML', () => {
    expect(problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: '/nonexistent/p.yaml' })).join()).toMatch(/does not exist/);
    const dir = mkdtempSync(join(tmpdir(), 'ts-cfg-'));
    writeFileSync(join(dir, 'bad.yaml'), 'sync: [unclosed');
    expect(problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: join(dir, 'bad.yaml') })).join()).toMatch(/not valid YAML/);
  });

  it('lets LOG_LEVEL and LOG_FILE override the policy file', () => {
    const cfg = loadBaseConfig({ LOG_LEVEL: 'debug', LOG_FILE: '/tmp/x.log' });
    expect(cfg.log).toEqual({ level: 'debug', file: '/tmp/x.log' });
  });
});

describe('configuration of the daemon and workers', () => {
  it('requires REDIS_URL, saying what it is for, together with the other problems', async () => {
    const { loadQueueBaseConfig, loadQueueSyncConfig } = await import('../../src/config/config.js');
    expect(problemsOf(() => loadQueueBaseConfig({ TEACHER_SYNC_CONFIG: 'config/default.yaml' })).join()).toMatch(/REDIS_URL: required: the daemon/);
    const both = problemsOf(() => loadQueueSyncConfig({ ...good, PII_KEY: 'short' }));
    expect(both.some((p) => p.startsWith('REDIS_URL'))).toBe(true);
    expect(both.some((p) => p.startsWith('PII_KEY'))).toBe(true);
    expect(problemsOf(() => loadQueueBaseConfig({ REDIS_URL: 'http://x' })).join()).toMatch(/REDIS_URL: must be a redis:\/\//);
    expect(loadQueueSyncConfig({ ...good, REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('ships the nightly schedule in Shanghai time, and refuses a bad schedule or time zone', () => {
    const cfg = loadBaseConfig({ TEACHER_SYNC_CONFIG: 'config/default.yaml' });
    expect(cfg.policy.daemon).toMatchObject({ schedule: '0 2 * * *', timezone: 'Asia/Shanghai', httpPort: 9464 });
    expect(cfg.policy.queue.prefix).toBe('teacher-sync');
    const dir = mkdtempSync(join(tmpdir(), 'ts-cfg-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'daemon:\n  schedule: "0 25 * * *"\n  timezone: Mars/Olympus\n');
    const problems = problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: file }));
    expect(problems.some((p) => p.startsWith('daemon.schedule in'))).toBe(true);
    expect(problems.some((p) => p.startsWith('daemon.timezone in'))).toBe(true);
  });
});

describe('plain http to the platforms', () => {
  const env = {
    TTP_BASE_URL: 'http://ttp.example.gov.cn', TTP_CLIENT_ID: 'a', TTP_CLIENT_SECRET: 'b', REGISTRY_URL: 'https://registry.example.gov.cn',
    SRP_BASE_URL: 'http://10.1.2.3:8080', SRP_CLIENT_ID: 'c', SRP_CLIENT_SECRET: 'd', PII_KEY: '0123456789abcdef', TEACHER_SYNC_CONFIG: 'config/default.yaml',
  };

  it('is refused for another host, naming each address and the way out', () => {
    const problems = problemsOf(() => loadSyncConfig(env)).join('\n');
    expect(problems).toMatch(/TTP_BASE_URL: must be https:\/\//);
    expect(problems).toMatch(/SRP_BASE_URL: must be https:\/\//);
    expect(problems).not.toMatch(/REGISTRY_URL/);
    expect(problems).toMatch(/ALLOW_PLAIN_HTTP=1/);
  });

  it('is accepted on loopback, and anywhere when allowed', () => {
    expect(problemsOf(() => loadSyncConfig({ ...env, TTP_BASE_URL: 'http://127.0.0.1:9', SRP_BASE_URL: 'http://localhost:9' }))).toEqual([]);
    expect(problemsOf(() => loadSyncConfig({ ...env, ALLOW_PLAIN_HTTP: '1' }))).toEqual([]);
  });
});

describe('console configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-console-cfg-'));
  const policy = (console: string) => {
    const file = join(dir, `p-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, `province:\n  code: '33'\nconsole:\n${console}`);
    return file;
  };
  const secrets = { CONSOLE_CLIENT_SECRET: 'client-secret', CONSOLE_SESSION_SECRET: 'a-session-secret-of-32-characters!' };
  const good = [
    '  publicUrl: https://console.example.gov.cn/',
    '  issuer: https://sso.example.gov.cn/realms/edu',
    '  roles:',
    '    ops: { role: province }',
    "    bureau-330106: { role: bureau, areas: ['330106'] }",
    "    school-2133000403: { role: school, institutions: ['2133000403'] }",
  ].join('\n');

  it('reads the console section and its secrets', () => {
    const cfg = loadConsoleConfig({ TEACHER_SYNC_CONFIG: policy(good), ...secrets });
    expect(cfg.console).toMatchObject({
      publicUrl: 'https://console.example.gov.cn', issuer: 'https://sso.example.gov.cn/realms/edu', clientId: 'teacher-sync-console',
      secureCookies: true, idleTimeoutMs: 30 * 60_000, roleClaim: 'groups', host: '127.0.0.1', port: 8080, trustProxy: false,
    });
    expect(loadConsoleConfig({ TEACHER_SYNC_CONFIG: policy(`${good}\n  trustProxy: ['10.0.0.0/8']`), ...secrets }).console.trustProxy).toEqual(['10.0.0.0/8']);
    expect(cfg.console.roles['bureau-330106']).toEqual({ role: 'bureau', areas: ['330106'] });
  });

  it('lists every missing setting at once', () => {
    const problems = problemsOf(() => loadConsoleConfig({ TEACHER_SYNC_CONFIG: policy('  clientId: x') }));
    const named = problems.map((p) => p.split(/[: ]/)[0]);
    expect(named).toEqual(expect.arrayContaining(['CONSOLE_CLIENT_SECRET', 'CONSOLE_SESSION_SECRET', 'console.issuer', 'console.publicUrl', 'console.roles']));
  });

  it('takes plain http only on loopback, and only when allowed', () => {
    const loopback = good.replace('https://console.example.gov.cn/', 'http://127.0.0.1:8080').replace('https://sso.example.gov.cn/realms/edu', 'http://127.0.0.1:9000');
    expect(problemsOf(() => loadConsoleConfig({ TEACHER_SYNC_CONFIG: policy(loopback), ...secrets })).join()).toMatch(/console.publicUrl.*must be https/);
    const allowed = loadConsoleConfig({ TEACHER_SYNC_CONFIG: policy(`${loopback}\n  allowHttpOnLoopback: true`), ...secrets });
    expect(allowed.console.secureCookies).toBe(false);
    const remote = good.replace('https://console.example.gov.cn/', 'http://console.example.gov.cn');
    expect(problemsOf(() => loadConsoleConfig({ TEACHER_SYNC_CONFIG: policy(`${remote}\n  allowHttpOnLoopback: true`), ...secrets })).join()).toMatch(/console.publicUrl.*must be https/);
  });

  it('names a bad role mapping with its path', () => {
    const bad = `${good}\n    odd: { role: bureau, areas: ['3301'] }\n    worse: { role: admin }`;
    const problems = problemsOf(() => loadConsoleConfig({ TEACHER_SYNC_CONFIG: policy(bad), ...secrets })).join('\n');
    expect(problems).toMatch(/console\.roles\.odd\.areas\.0/);
    expect(problems).toMatch(/console\.roles\.worse/);
  });
});
