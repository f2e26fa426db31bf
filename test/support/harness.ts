import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { startSimulators, type SimulatorOptions, type Simulators } from '../../src/simulators/index.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases.js';

export const BIN = fileURLToPath(new URL('../../bin/teacher-sync.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Harness {
  sims: Simulators;
  database: TestDatabase;
  env: Record<string, string>;
  /** The CLI in this process: fast, for most tests. */
  cli(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  /** The CLI as its own process, as an operator runs it. */
  spawnCli(args: string[], extraEnv?: Record<string, string>): SpawnedCli;
  close(): Promise<void>;
}

export interface SpawnedCli {
  pid: number;
  done: Promise<CliResult>;
  kill(signal: NodeJS.Signals): void;
  stdout(): string;
}

export function platformEnv(sims: Simulators, databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    TTP_BASE_URL: sims.urls.ttp, TTP_CLIENT_ID: 'teacher-sync', TTP_CLIENT_SECRET: 'secret',
    REGISTRY_URL: sims.urls.registry,
    SRP_BASE_URL: sims.urls.srp, SRP_CLIENT_ID: 'teacher-sync', SRP_CLIENT_SECRET: 'secret',
    PII_KEY: 'integration-test-key-0123456789',
    LOG_LEVEL: 'silent',
    TEACHER_SYNC_CONFIG: fileURLToPath(new URL('./test-policy.yaml', import.meta.url)),
  };
}

export async function runInProcess(args: string[], env: Record<string, string>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env, out: (l) => { stdout += `${l}\n`; }, err: (l) => { stderr += `${l}\n`; },
    stderr: process.stderr, isTty: false, setExitCode: () => {},
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

export function spawnBin(args: string[], env: Record<string, string>): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
  return { pid: child.pid ?? 0, done, kill: (s) => child.kill(s), stdout: () => stdout };
}

export async function startHarness(kind: DbKind, simOpts: SimulatorOptions = {}): Promise<Harness> {
  const database = await createTestDatabase(kind);
  const sims = await startSimulators({ seed: 7, teachers: 600, ...simOpts });
  // Reports of the runs (files, as no SMTP server is set) stay out of the working tree.
  const reportDir = mkdtempSync(join(tmpdir(), 'teacher-sync-reports-'));
  const env = { ...platformEnv(sims, database.url), REPORT_DIR: reportDir };
  return {
    sims, database, env,
    cli: (args, extra = {}) => runInProcess(args, { ...env, ...extra }),
    spawnCli: (args, extra = {}) => spawnBin(args, { ...env, ...extra }),
    close: async () => {
      await sims.close();
      await database.drop();
      rmSync(reportDir, { recursive: true, force: true });
    },
  };
}

/** Parses the one JSON object `sync --json` prints. */
export function summaryOf(r: CliResult): Record<string, unknown> & { status: string; created: number; updated: number; moved: number; disabled: number; failed: number; unchanged: number; pulled: number; quarantined: number; runId: number; mode: string } {
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`no JSON summary (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line);
}

/** What the student-record platform holds, in a form two runs can be compared by. */
export function accountSnapshot(sims: Simulators): string[] {
  return sims.srp
    .accounts()
    .map((a) => [a.externalId, a.schoolId, a.status, a.name, a.idType, a.idNumber].join('|'))
    .sort();
}
