/**
 * `npm run demo [-- --province 32] [-- --serve]`: starts the three platform simulators on loopback with a world
 * of one province (the one config/default.yaml names, unless --province gives another), syncs them
 * into a fresh SQLite database with the real CLI, changes a few teachers and syncs again, printing
 * what happened. With no SMTP server, the reports to county bureaus are written as files, named at
 * the end. With --serve, it then leaves the web console running on it, signed in through a demo
 * OpenID provider on loopback with one person per role, until Ctrl-C.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { loadProvinces } from '../src/areacodes/area-code-history.js';
import { runCli } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { startSimulators } from '../src/simulators/index.js';
import { createApp } from '../src/app.js';
import { loadBaseConfig } from '../src/config/config.js';
import { createLogger } from '../src/log/logger.js';
import { DEMO_PASSWORD, demoRoleMapping, demoUsers, startDemoIdp } from '../src/web/demo-idp.js';
import { pickDemoPlaces } from '../src/web/demo-places.js';

const DB = './data/demo.db';
const REPORT_DIR = './reports/demo';
const TEACHERS = 2000;
const POLICY = 'config/default.yaml';
const DEMO_POLICY = './data/demo-policy.yaml';
const CONSOLE_POLICY = './data/demo-console-policy.yaml';
const CONSOLE_PORT = 8080;
const IDP_PORT = 8081;

interface DemoProvince {
  code: string;
  name: string;
  /** The policy file the CLI reads: the default one, or a copy of it naming another province. */
  policyFile: string;
  /** Leave the web console running at the end. */
  serve: boolean;
}

/** The province of the run: --province, else the one the default policy names. */
function demoProvince(): DemoProvince {
  const { values } = parseArgs({ options: { province: { type: 'string' }, serve: { type: 'boolean' } }, strict: true });
  const serve = values.serve === true;
  const provinces = loadProvinces();
  const policy = parseDocument(readFileSync(POLICY, 'utf8'));
  const code = values.province ?? String(policy.getIn(['province', 'code']));
  const name = provinces.get(code);
  if (name === undefined) {
    throw new Error(`--province takes the two digits of a province, one of: ${[...provinces].map(([c, n]) => `${c} ${n}`).join(', ')}; not "${code}"`);
  }
  if (values.province === undefined) return { code, name, policyFile: POLICY, serve };
  policy.setIn(['province', 'code'], code);
  mkdirSync('./data', { recursive: true });
  writeFileSync(DEMO_POLICY, policy.toString());
  return { code, name, policyFile: DEMO_POLICY, serve };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)])).sort();
}

function io(env: Record<string, string>): CliIo {
  return {
    env,
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    stderr: process.stderr,
    isTty: Boolean(process.stderr.isTTY),
    setExitCode: () => {},
  };
}

async function main(): Promise<void> {
  const province = demoProvince();
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) rmSync(f, { force: true });
  rmSync(REPORT_DIR, { recursive: true, force: true });
  const sims = await startSimulators({ seed: 2026, teachers: TEACHERS, province: province.code });
  const env = {
    DATABASE_URL: `sqlite:${DB}`,
    TEACHER_SYNC_CONFIG: province.policyFile,
    TTP_BASE_URL: sims.urls.ttp, TTP_CLIENT_ID: 'teacher-sync', TTP_CLIENT_SECRET: 'secret',
    REGISTRY_URL: sims.urls.registry,
    SRP_BASE_URL: sims.urls.srp, SRP_CLIENT_ID: 'teacher-sync', SRP_CLIENT_SECRET: 'secret',
    PII_KEY: 'demo-only-key-not-for-production',
    LOG_LEVEL: 'warn',
    REPORT_DIR,
  };
  const say = (s: string) => process.stdout.write(`\n== ${s}\n`);
  try {
    say(`Province ${province.name} (province.code ${province.code} in ${province.policyFile}): its counties, names and bureaus`);
    say(`Simulators on loopback: teacher-training ${sims.urls.ttp}, registry ${sims.urls.registry}, student-record ${sims.urls.srp}`);
    say(`1. First sync of ${TEACHERS} generated teachers (messy data included) into ${DB}`);
    await runCli(['sync'], io(env));

    say('2. Same data again: nothing changed, so nothing is pushed');
    await runCli(['sync'], io(env));

    const active = sims.ttp.list().filter((t) => t.status === 'active' && sims.srp.account(t.teacherId)?.status === 'active');
    const leaver = active[0];
    const mover = active[1];
    if (leaver) sims.ttp.update(leaver.teacherId, { status: 'left' });
    if (mover) sims.ttp.update(mover.teacherId, { mobile: '13900000000' });
    say('3. One teacher left and one changed a mobile number: a delta sync pushes just those two');
    await runCli(['sync'], io(env));

    say('4. The runs so far');
    await runCli(['runs', 'list'], io(env));

    say('5. Schools whose entered code or name does not match the registry (reported to their county bureau after run 1; runs 2 and 3 found the same, so no county was mailed again)');
    await runCli(['mismatches', 'list'], io(env));

    say('6. The county reports and whom each goes to (config/bureaus.yaml; a county not listed goes to its city, then the province)');
    await runCli(['report', 'send', '--dry-run'], io(env));

    say(`Done. Inspect with: DATABASE_URL=sqlite:${DB} npx teacher-sync runs show 1`);
    const files = filesUnder(REPORT_DIR);
    say(`Report files written under ${REPORT_DIR} (no SMTP_URL set, so each mail is an .eml file, its attachments beside it): ${files.length} files`);
    const byStem = new Map<string, string[]>();
    for (const f of files) {
      const ext = extname(f);
      const stem = f.slice(0, -ext.length);
      byStem.set(stem, [...(byStem.get(stem) ?? []), ext.slice(1)]);
    }
    for (const [stem, exts] of byStem) process.stdout.write(`${stem}.${exts.length > 1 ? `{${exts.join(',')}}` : exts[0]}\n`);
    if (province.serve) await serveConsole(env, province.policyFile, say);
  } finally {
    await sims.close();
  }
}

/**
 * The web console over the demo's database: a demo OpenID provider with one person per role, the
 * roles mapped in a copy of the policy, and `teacher-sync serve` until Ctrl-C.
 */
async function serveConsole(env: Record<string, string>, policyFile: string, say: (s: string) => void): Promise<void> {
  const base = loadBaseConfig(env);
  const app = await createApp(base, { logger: createLogger({ level: 'warn', file: null, toStderr: true }) });
  const places = await pickDemoPlaces(app.storage.repos, base.policy.province.code);
  await app.close();
  const users = demoUsers(places);
  const publicUrl = `http://127.0.0.1:${CONSOLE_PORT}`;
  const clientSecret = 'demo-console-secret';
  const idp = await startDemoIdp({ users, clients: [{ clientId: 'teacher-sync-console', clientSecret, redirectUri: `${publicUrl}/callback` }], port: IDP_PORT });
  const policy = parseDocument(readFileSync(policyFile, 'utf8'));
  policy.set('console', {
    publicUrl, issuer: idp.issuer, clientId: 'teacher-sync-console', port: CONSOLE_PORT, allowHttpOnLoopback: true, roles: demoRoleMapping(users),
  });
  writeFileSync(CONSOLE_POLICY, policy.toString());
  say(`7. The web console: open ${publicUrl} and sign in at the demo identity provider (${idp.issuer}) as one of (password ${DEMO_PASSWORD}):`);
  for (const u of users) process.stdout.write(`   ${u.username.padEnd(8)} ${u.description}\n`);
  process.stdout.write(`   (roles mapped in ${CONSOLE_POLICY}, console.roles; Ctrl-C stops the console, the provider and the simulators)\n`);
  try {
    await runCli(['serve'], io({
      ...env, TEACHER_SYNC_CONFIG: CONSOLE_POLICY, LOG_LEVEL: 'info',
      CONSOLE_CLIENT_SECRET: clientSecret, CONSOLE_SESSION_SECRET: 'demo-only-session-secret-not-for-production',
    }));
  } finally {
    await idp.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
