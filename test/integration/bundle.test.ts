import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type Simulators } from '../../src/simulators/index.js';
import type { CliResult } from '../support/harness.js';

const REPO = join(import.meta.dirname, '../..');

/** npm and node with no registry to reach and no home of the developer's: as on a server without internet. */
function offlineEnv(home: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home,
    npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: join(home, 'npm-cache'),
  };
}

function runCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

function runIn(cwd: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCommand(process.execPath, ['bin/teacher-sync.js', ...args], cwd, env);
}

function lastJson(r: CliResult): Record<string, unknown> {
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** `npm run bundle`, unpacked into an empty folder and run there with no registry and no repository. */
describe('the offline bundle', { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'ts-bundle-test-'));
  let app = '';
  let env: Record<string, string> = {};
  let sims: Simulators | null = null;

  beforeAll(async () => {
    // Built once for the file: tsc and the pruned node_modules take a minute.
    const built = await runCommand('npm', ['run', '--silent', 'bundle', '--', '--out', join(work, 'out')], REPO, process.env);
    expect(built.code, `${built.stdout}\n${built.stderr}`).toBe(0);
    const tarballs = readdirSync(join(work, 'out'));
    expect(tarballs).toEqual(['teacher-sync-0.1.0-linux-x64.tar.gz']);
    const unpacked = join(work, 'server');
    mkdirSync(unpacked);
    const tar = await runCommand('tar', ['-xzf', join(work, 'out', tarballs[0] ?? ''), '-C', unpacked], work, process.env);
    expect(tar.code, tar.stderr).toBe(0);
    app = join(unpacked, 'teacher-sync-0.1.0-linux-x64');
    sims = await startSimulators({ seed: 5, teachers: 400 });
    env = {
      ...offlineEnv(work),
      DATABASE_URL: `sqlite:${join(work, 'teacher-sync.db')}`, REPORT_DIR: join(work, 'reports'), LOG_LEVEL: 'silent',
      TTP_BASE_URL: sims.urls.ttp, TTP_CLIENT_ID: 'teacher-sync', TTP_CLIENT_SECRET: 'secret',
      REGISTRY_URL: sims.urls.registry,
      SRP_BASE_URL: sims.urls.srp, SRP_CLIENT_ID: 'teacher-sync', SRP_CLIENT_SECRET: 'secret',
      PII_KEY: 'bundle-test-key-0123456789',
    };
  }, 300_000);

  afterAll(async () => {
    await sims?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('holds the build, production dependencies only and the data files, and no sources', () => {
    for (const f of ['bin/teacher-sync.js', 'dist/src/cli/entry.js', 'dist/migrations/index.js', 'data/areacodes', 'config/default.yaml', 'deploy/systemd/teacher-sync-daemon.service', 'package.json']) {
      expect(existsSync(join(app, f)), f).toBe(true);
    }
    for (const dep of ['better-sqlite3/build/Release/better_sqlite3.node', 'kysely', 'bullmq', 'mysql2', 'exceljs']) expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(true);
    for (const dev of ['typescript', 'vitest', 'eslint', 'madge', 'fast-check', 'smtp-server']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'src'))).toBe(false);
    // Nothing above the unpacked folder holds a node_modules that Node could fall back on.
    for (let d = dirname(app); d !== dirname(d); d = dirname(d)) expect(existsSync(join(d, 'node_modules')), d).toBe(false);
  });

  it('runs teacher-sync --help', async () => {
    const r = await runIn(app, ['--help'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Usage: teacher-sync/);
    for (const command of ['sync', 'daemon', 'worker', 'migrate']) expect(r.stdout).toContain(command);
  });

  it('runs a full sync against the simulators, then a second that pushes nothing', async () => {
    const first = await runIn(app, ['sync', '--full', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const s = lastJson(first);
    expect(s).toMatchObject({ status: 'succeeded', mode: 'full', failed: 0 });
    expect(s['created']).toBeGreaterThan(250);
    expect(sims?.srp.accounts().length).toBe(s['created']);
    const second = await runIn(app, ['sync', '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(lastJson(second)).toMatchObject({ status: 'succeeded', created: 0, updated: 0, disabled: 0 });
    // The county reports were written as files (no SMTP set): the data files travelled with it.
    expect(readdirSync(join(work, 'reports')).length).toBeGreaterThan(0);
  });
});
