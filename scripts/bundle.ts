/**
 * `npm run bundle [-- --out DIR]`: one tarball to install teacher-sync on a server without internet
 * (Linux x64, Node 20 or later): the compiled code, the production node_modules (better-sqlite3's
 * native module built for this platform), the data files, the example configuration, the systemd
 * units and the docs. Unpack it anywhere and run `node bin/teacher-sync.js`; nothing is fetched.
 * Made from this checkout's node_modules (pruned in a copy), so it needs no registry either.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
/** What the bundle carries besides the build and node_modules, as paths in this checkout. */
const FILES = ['package.json', 'package-lock.json', 'README.md', 'bin', 'config', 'data/areacodes', 'data/text', 'docs', 'deploy'];
/** Present in the checkout's node_modules, absent from a production one: a check that pruning happened. */
const DEV_ONLY = ['typescript', 'vitest', 'eslint'];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { cwd, env, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal ?? '?'}`);
}

function fail(message: string): never {
  process.stderr.write(`bundle: ${message}\n`);
  process.exit(1);
}

/** Copies the checkout's node_modules and removes the dev dependencies without asking a registry. */
function productionModules(stage: string): void {
  cpSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  const offline = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  run('npm', ['prune', '--omit=dev', '--ignore-scripts'], stage, offline);
  const left = DEV_ONLY.filter((p) => existsSync(join(stage, 'node_modules', p)));
  if (left.length > 0) fail(`dev dependencies left after pruning: ${left.join(', ')}`);
  if (!existsSync(join(stage, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))) fail('better-sqlite3 has no native module: run npm ci first');
}

function main(): void {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'bundle') } } });
  if (process.platform !== 'linux' || process.arch !== 'x64') fail(`the bundle is for Linux x64 (its native modules are this machine's), not ${process.platform} ${process.arch}`);
  if (!existsSync(join(ROOT, 'node_modules'))) fail('no node_modules: run npm ci first');
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const name = `teacher-sync-${version}-linux-x64`;
  const work = mkdtempSync(join(tmpdir(), 'teacher-sync-bundle-'));
  const stage = join(work, name);
  try {
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(stage, 'dist'), '--sourceMap', 'false'], ROOT);
    for (const f of FILES) cpSync(join(ROOT, f), join(stage, f), { recursive: true });
    productionModules(stage);
    const out = resolve(values.out);
    mkdirSync(out, { recursive: true });
    const tarball = join(out, `${name}.tar.gz`);
    run('tar', ['-czf', tarball, '--owner=0', '--group=0', '-C', work, name], work);
    process.stdout.write(`${tarball} (${(statSync(tarball).size / 1e6).toFixed(1)} MB)\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
