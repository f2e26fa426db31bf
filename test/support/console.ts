import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { parseDocument } from 'yaml';
import { createApp, type App } from '../../src/app.js';
import { loadBaseConfig, loadConsoleConfig } from '../../src/config/config.js';
import { DEMO_PASSWORD, demoRoleMapping, demoUsers, startDemoIdp, type DemoIdp, type DemoPlaces, type DemoUser } from '../../src/web/demo-idp.js';
import { pickDemoPlaces } from '../../src/web/demo-places.js';
import { consoleDeps, type ConsoleDeps } from '../../src/web/console-deps.js';
import { startConsole, type RunningConsole } from '../../src/web/server.js';
import { closeRedis, openRedis } from '../../src/queue/connection.js';
import { openQueues, type Queues } from '../../src/queue/queues.js';
import type { Harness } from './harness.js';
import { dropPrefix, SHARED_REDIS, uniquePrefix } from './services.js';

/** The demo people's usernames, one per role. */
export type DemoUsername = 'province' | 'city' | 'county' | 'school';

export interface ConsoleWorld {
  /** The console's base URL, e.g. http://127.0.0.1:40123. */
  url: string;
  idp: DemoIdp;
  places: DemoPlaces;
  users: readonly DemoUser[];
  deps: ConsoleDeps;
  /** The console's log lines (JSON objects), for tests of what is logged. */
  logLines(): Record<string, unknown>[];
  /** Signs the page's browser in as a demo person through the provider's form; lands on the console. */
  signIn(page: Page, username: DemoUsername): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * The console over the harness's database (fill it with a sync first), with the demo identity
 * provider on loopback and its people mapped to roles in a copy of the harness's policy, read by
 * the same configuration loader `serve` uses.
 */
export async function startConsoleWorld(h: Harness, opts: {
  idleTimeoutMinutes?: number; loginRateLimit?: number; places?: DemoPlaces; clock?: () => number;
  /** Show the queue: the shared test Redis under a prefix of this world's own, dropped on close. */
  queue?: boolean;
} = {}): Promise<ConsoleWorld> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'ts-console-'));
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => { lines.push(s); } });
  let app: App | null = null;
  let idp: DemoIdp | null = null;
  let server: RunningConsole | null = null;
  try {
    const baseApp = await createApp(loadBaseConfig(h.env), { logger: log });
    const places = opts.places ?? await pickDemoPlaces(baseApp.storage.repos, provinceOf(h));
    await baseApp.close();
    const users = demoUsers(places);
    idp = await startDemoIdp({ users, clients: [{ clientId: 'teacher-sync-console', clientSecret: 'console-test-secret', redirectUri: `${publicUrl}/callback` }] });
    const policy = parseDocument(readFileSync(h.env['TEACHER_SYNC_CONFIG'] ?? '', 'utf8'));
    policy.set('console', {
      publicUrl, issuer: idp.issuer, clientId: 'teacher-sync-console', allowHttpOnLoopback: true, port,
      idleTimeoutMinutes: opts.idleTimeoutMinutes ?? 30, loginRateLimit: opts.loginRateLimit ?? 100, roles: demoRoleMapping(users),
    });
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, policy.toString());
    const cfg = loadConsoleConfig({ ...h.env, TEACHER_SYNC_CONFIG: policyFile, CONSOLE_CLIENT_SECRET: 'console-test-secret', CONSOLE_SESSION_SECRET: 'console-test-session-secret-0123456789' });
    app = await createApp(cfg, { logger: log });
    let queues: Queues | null = null;
    let closeQueues = async () => {};
    if (opts.queue) {
      const prefix = uniquePrefix();
      const redis = await openRedis(SHARED_REDIS, { role: 'command', connectTimeoutMs: 2000, log });
      const opened = openQueues(redis, { ...cfg.policy, queue: { ...cfg.policy.queue, prefix } }, () => {});
      closeQueues = async () => {
        await opened.close();
        await closeRedis(redis);
        await dropPrefix(SHARED_REDIS, prefix);
      };
      queues = opened;
    }
    const deps = { ...consoleDeps(cfg, app, queues), ...(opts.clock ? { clock: opts.clock } : {}) };
    server = await startConsole(deps);
    const running = server;
    const openedApp = app;
    const openedIdp = idp;
    return {
      url: running.url, idp: openedIdp, places, users, deps,
      logLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
      signIn: async (page, username) => {
        await page.context().clearCookies();
        await page.goto(`${running.url}/login`);
        await page.fill('input[name=username]', username);
        await page.fill('input[name=password]', DEMO_PASSWORD);
        await Promise.all([page.waitForURL(`${running.url}/**`), page.click('button[type=submit]')]);
      },
      close: async () => {
        await running.close();
        await closeQueues();
        await openedApp.close();
        await openedIdp.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.close();
    await app?.close();
    await idp?.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function provinceOf(h: Harness): string {
  const policy = parseDocument(readFileSync(h.env['TEACHER_SYNC_CONFIG'] ?? '', 'utf8'));
  return String(policy.getIn(['province', 'code']));
}

const FONT_DIR = fileURLToPath(new URL('../../node_modules/@fontsource-variable/noto-sans-sc/', import.meta.url));

/**
 * Gives the console's pages a Chinese font (Noto Sans SC from npm, under the name the stylesheet
 * asks for first) on machines without one. The console's CSP admits fonts and styles from itself
 * only, so the font is served as if by the console: its stylesheet is extended in flight and the
 * font files answered under /test-fonts/. Call before opening pages; `document.fonts.ready` after.
 */
export async function routeChineseFont(page: Page, origin: string): Promise<void> {
  await page.route(`${origin}/test-fonts/**`, (route) => route.fulfill({
    body: readFileSync(join(FONT_DIR, 'files', basename(new URL(route.request().url()).pathname))), contentType: 'font/woff2',
  }));
  const fontCss = readFileSync(join(FONT_DIR, 'index.css'), 'utf8').replaceAll('./files/', '/test-fonts/').replaceAll("'Noto Sans SC Variable'", "'PingFang SC'");
  await page.route(`${origin}/assets/console.css`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\n${fontCss}` });
  });
}
