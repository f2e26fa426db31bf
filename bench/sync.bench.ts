/**
 * `npm run bench -- --teachers 200000 [--db mysql://root@127.0.0.1:3306/teacher_sync_bench]`
 *
 * Starts the simulators in a separate process (so their memory is not counted), then runs in this
 * process: a full sync into an empty database, a re-run with nothing changed, and a delta run after
 * 1% of the teachers changed. Prints wall time, teachers/s, the time of each phase and peak RSS.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createPool } from 'mysql2/promise';
import { buildSyncDeps, openApp } from '../src/app.js';
import { loadSyncConfig } from '../src/config/config.js';
import { silentLogger } from '../src/log/logger.js';
import { runSync, type RunSummary } from '../src/sync/sync-run.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const teachers = Number(arg('teachers', '200000'));
const dbUrl = arg('db', 'mysql://root@127.0.0.1:3306/teacher_sync_bench');

interface SimProcess {
  urls: { ttp: string; registry: string; srp: string; control?: string };
  stop(): void;
}

async function startSimulatorProcess(): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulators/cli.ts', '--teachers', String(teachers), '--seed', '42'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line.trim().startsWith('{')) {
      const urls = JSON.parse(line) as SimProcess['urls'];
      return { urls, stop: () => child.kill('SIGTERM') };
    }
  }
  throw new Error('simulator process ended before printing its URLs');
}

async function resetDatabase(): Promise<void> {
  if (!dbUrl.startsWith('mysql')) return;
  const u = new URL(dbUrl);
  const name = u.pathname.slice(1);
  const admin = createPool({ uri: `${u.protocol}//${u.username}${u.password ? `:${u.password}` : ''}@${u.host}/`, connectionLimit: 1 });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
}

function report(label: string, s: RunSummary, n: number): void {
  const secs = s.durationMs / 1000;
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  const phases = Object.entries(s.phaseMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ');
  process.stdout.write(
    `${label.padEnd(22)} ${secs.toFixed(1).padStart(6)} s  ${Math.round(n / secs).toLocaleString('en-US').padStart(9)} teachers/s  ` +
      `peak RSS ${rss} MB  status ${s.status}  pulled ${s.pulled} created ${s.created} updated ${s.updated} disabled ${s.disabled}\n` +
      `${''.padEnd(22)} phases: ${phases}\n`,
  );
}

async function main(): Promise<void> {
  await resetDatabase();
  const sim = await startSimulatorProcess();
  try {
    const env = {
      DATABASE_URL: dbUrl,
      TTP_BASE_URL: sim.urls.ttp, TTP_CLIENT_ID: 'teacher-sync', TTP_CLIENT_SECRET: 'secret',
      REGISTRY_URL: sim.urls.registry,
      SRP_BASE_URL: sim.urls.srp, SRP_CLIENT_ID: 'teacher-sync', SRP_CLIENT_SECRET: 'secret',
      PII_KEY: 'benchmark-key-0123456789abcdef',
    };
    const cfg = loadSyncConfig(env);
    const app = await openApp(cfg, { logger: silentLogger() });
    const deps = await buildSyncDeps(cfg, app);
    process.stdout.write(`teacher-sync benchmark: ${teachers.toLocaleString('en-US')} teachers, database ${dbUrl.replace(/\/\/[^@]*@/, '//')}, node ${process.version}\n`);
    const full = await runSync(deps, { full: true, dryRun: false, allowMassDisable: false });
    report('full sync', full, full.pulled);
    const again = await runSync(deps, { full: true, dryRun: false, allowMassDisable: false });
    report('no-change full re-run', again, again.pulled);
    const delta = await runSync(deps, { full: false, dryRun: false, allowMassDisable: false });
    report('no-change delta run', delta, teachers);
    await app.close();
  } finally {
    sim.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`benchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
