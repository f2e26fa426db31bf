import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type TestBrowser } from '../support/browser.js';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.js';
import { startHarness, type Harness } from '../support/harness.js';

describe('console sign-in and access', () => {
  let h: Harness;
  let world: ConsoleWorld;
  let browser: TestBrowser;
  /** Moves the console's clock (not the browser's, not the provider's). */
  let skewMs = 0;

  beforeAll(async () => {
    h = await startHarness('mariadb', { seed: 2026, teachers: 600 });
    const run = await h.cli(['sync', '--json']);
    expect(run.code, run.stderr).toBe(0);
    world = await startConsoleWorld(h, { idleTimeoutMinutes: 30, loginRateLimit: 20, clock: () => Date.now() + skewMs });
    browser = await openBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
    await h?.close();
  });

  it('signs a province operator in through the identity provider and shows the overview', async () => {
    const page = await browser.page({ width: 1280, height: 900 });
    await world.signIn(page, 'province');
    expect(new URL(page.url()).pathname).toBe('/overview');
    expect(await page.textContent('h1')).toBe('概览');
    await page.close();
  });

  it('refuses a county user another county\'s findings with 403 and a log line', async () => {
    const page = await browser.page({ width: 1280, height: 900 });
    await world.signIn(page, 'county');
    const own = await page.goto(`${world.url}/findings/${world.places.county}`);
    expect(own?.status()).toBe(200);
    const other = world.places.county.endsWith('02') ? `${world.places.county.slice(0, 4)}03` : `${world.places.county.slice(0, 4)}02`;
    const res = await page.goto(`${world.url}/findings/${other}`);
    expect(res?.status()).toBe(403);
    expect(world.logLines().some((l) => l['event'] === 'console.forbidden' && l['target'] === `area ${other}`)).toBe(true);
    await page.close();
  });

  it('refuses a form post without the CSRF token, and signs out with it', async () => {
    const page = await browser.page({ width: 1280, height: 900 });
    await world.signIn(page, 'province');
    const forged = await page.request.post(`${world.url}/logout`, { form: { next: '/' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(world.logLines().some((l) => l['event'] === 'console.csrf')).toBe(true);
    expect((await page.goto(`${world.url}/overview`))?.status()).toBe(200);
    await Promise.all([page.waitForURL(`${world.url}/signed-out`), page.click('form.who button')]);
    const after = await page.request.get(`${world.url}/overview`, { maxRedirects: 0 });
    expect(after.status()).toBe(302);
    expect(after.headers()['location']).toBe('/login?next=%2Foverview');
    await page.close();
  });

  it('signs in each role through the provider, each landing where it works', async () => {
    for (const [username, path] of [['province', '/overview'], ['city', '/overview'], ['county', '/overview'], ['school', '/shared-codes']] as const) {
      const page = await browser.page({ width: 1280, height: 900 });
      await world.signIn(page, username);
      expect(new URL(page.url()).pathname, username).toBe(path);
      await page.close();
    }
  });

  it('refuses a wrong password at the provider', async () => {
    const page = await browser.page({ width: 1280, height: 900 });
    await page.context().clearCookies();
    await page.goto(`${world.url}/login`);
    await page.fill('input[name=username]', 'province');
    await page.fill('input[name=password]', 'guess');
    await page.click('button[type=submit]');
    expect(new URL(page.url()).origin).toBe(world.idp.issuer);
    expect((await page.request.get(`${world.url}/overview`, { maxRedirects: 0 })).status()).toBe(302);
    await page.close();
  });

  it('ends a session left idle longer than the timeout', async () => {
    const page = await browser.page({ width: 1280, height: 900 });
    await world.signIn(page, 'county');
    skewMs = 29 * 60_000;
    expect((await page.goto(`${world.url}/overview`))?.status()).toBe(200);
    skewMs += 31 * 60_000;
    const expired = await page.goto(`${world.url}/overview`);
    expect(expired?.status()).toBe(401);
    expect(await page.textContent('h1')).toBe('登录已超时');
    skewMs = 0;
    expect((await page.request.get(`${world.url}/overview`, { maxRedirects: 0 })).status()).toBe(302);
    await page.close();
  });

  it('sends session cookies httpOnly and SameSite=Lax, and pages with a strict CSP', async () => {
    const page = await browser.page({ width: 1280, height: 900 });
    await world.signIn(page, 'province');
    const cookie = (await page.context().cookies(world.url)).find((c) => c.name === 'ts_console');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const res = await page.request.get(`${world.url}/overview`);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    await page.close();
  });

  it('limits sign-in attempts per address', async () => {
    const page = await browser.page({ width: 1280, height: 900 });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await page.request.get(`${world.url}/login`, { maxRedirects: 0 })).status());
    expect(statuses).toContain(429);
    await page.close();
  });
});
