import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type TestBrowser } from '../support/browser.js';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.js';
import { startHarness, type Harness } from '../support/harness.js';

describe('console sign-in and access', () => {
  let h: Harness;
  let world: ConsoleWorld;
  let browser: TestBrowser;

  beforeAll(async () => {
    h = await startHarness('mariadb', { seed: 2026, teachers: 600 });
    const run = await h.cli(['sync', '--json']);
    expect(run.code, run.stderr).toBe(0);
    world = await startConsoleWorld(h);
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
});
