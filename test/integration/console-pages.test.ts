import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityOf } from '../../src/core/county-routing.js';
import { KIND_LABELS } from '../../src/reports/finding-labels.js';
import { openBrowser, type TestBrowser } from '../support/browser.js';
import { routeChineseFont, startConsoleWorld, type ConsoleWorld, type DemoUsername } from '../support/console.js';
import { startHarness, type Harness } from '../support/harness.js';
import { idNumberForms, mobileForms } from '../support/leak-scan.js';
import { teachersAt } from '../support/world-picks.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
// Screenshots for docs/console.md are rewritten with UPDATE_SCREENSHOTS=1; otherwise they go to a
// temporary folder, so that a test run leaves the working tree as it was.
const SHOTS = process.env['UPDATE_SCREENSHOTS'] === '1' ? fileURLToPath(new URL('../../docs/images/', import.meta.url)) : mkdtempSync(join(tmpdir(), 'ts-console-shots-'));
// Pages checked but not shown in the docs: their pictures go to CONSOLE_SCREENSHOTS=dir, to look at.
const CHECKED = process.env['CONSOLE_SCREENSHOTS'] ?? null;

// What runs in the page is a string: the project's types know Node, not the DOM.
const OVERFLOW = '(document.documentElement.scrollWidth - window.innerWidth)';
const CHART = "document.querySelectorAll('.chart svg').length";
// A table too wide for its box scrolls inside it: on a phone, wide tables are cards instead.
const SIDEWAYS = "[...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth).map((w) => w.querySelector('th')?.textContent)";

describe('console pages in a browser', () => {
  let h: Harness;
  let world: ConsoleWorld;
  let browser: TestBrowser;
  /** Every page body the tests saw, to scan for personal data. */
  const seen: { url: string; html: string }[] = [];

  const open = async (page: Page, path: string) => {
    const res = await page.goto(`${world.url}${path}`);
    seen.push({ url: path, html: await page.content() });
    return res;
  };
  const as = async (username: DemoUsername, viewport = DESKTOP) => {
    const page = await browser.page(viewport);
    await routeChineseFont(page, world.url);
    await world.signIn(page, username);
    seen.push({ url: page.url(), html: await page.content() });
    return page;
  };

  /** The page neither scrolls sideways nor has a table that does; its picture, taken first, goes to `dir` (none: not kept). */
  const fits = async (page: Page, file: string, dir: string | null = SHOTS, fullPage = true) => {
    await page.evaluate('document.fonts.ready.then(() => true)');
    if (dir) await page.screenshot({ path: join(dir, file), fullPage });
    expect(await page.evaluate(OVERFLOW), `${page.url()} overflows`).toBeLessThanOrEqual(0);
    expect(await page.evaluate(SIDEWAYS), `${page.url()}: tables scrolling sideways`).toEqual([]);
  };
  /** The active campuses sharing an institution code, the busiest first. */
  const campusesOf = (code: string) => h.sims.srp.schools()
    .filter((s) => s.institutionCode === code && s.status === 'active')
    .sort((a, b) => teachersAt(h, b.schoolId).length - teachersAt(h, a.schoolId).length);

  beforeAll(async () => {
    // A messy world of 2,000 teachers, synced twice: findings of several kinds in many counties, and a trend.
    h = await startHarness('mariadb', { seed: 2026, teachers: 2000 });
    for (let i = 0; i < 2; i++) {
      const run = await h.cli(['sync', '--json', ...(i === 1 ? ['--replan-all'] : [])]);
      expect(run.code, run.stderr).toBe(0);
    }
    world = await startConsoleWorld(h, { queue: true });
    browser = await openBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
    await h?.close();
  });

  it('shows a province operator the runs, the next slot, the queue section and a chart of findings per run', async () => {
    const page = await as('province');
    expect(new URL(page.url()).pathname).toBe('/overview');
    const text = await page.textContent('main') ?? '';
    expect(text).toContain('最近的同步');
    expect(text).toContain('下次计划同步');
    expect(text).toContain('任务队列');
    expect(text).toContain('同步任务');
    expect(text).toContain('推送分片');
    expect(await page.locator('main table').first().locator('tbody tr').count()).toBe(2);
    await page.waitForFunction(`${CHART} > 0`);
    await page.close();
  });

  it('shows the same overview without JavaScript, the chart\'s numbers as a table', async () => {
    const page = await as('province');
    await page.route('**/*.js', (route) => route.abort());
    await open(page, '/overview');
    expect(await page.locator('table[data-chart] tbody tr').count()).toBe(2);
    expect(await page.locator('.chart').count()).toBe(0);
    await page.close();
  });

  it('lists a county\'s findings as its report does, filters and sorts them on the server, and downloads the report', async () => {
    const page = await as('county');
    const county = world.places.county;
    const res = await open(page, `/findings/${county}`);
    expect(res?.status()).toBe(200);
    const rows = page.locator('main table').filter({ hasText: '处理建议' }).locator('tbody tr');
    const total = await rows.count();
    expect(total).toBeGreaterThan(0);
    await page.selectOption('select[name=kind]', 'CODE_MISSING');
    await Promise.all([page.waitForURL(/kind=CODE_MISSING/), page.click('form.filters button')]);
    seen.push({ url: page.url(), html: await page.content() });
    const kinds = await page.locator('main table').filter({ hasText: '处理建议' }).locator('tbody tr td:first-child').allTextContents();
    for (const k of kinds) expect(k).toBe(KIND_LABELS.CODE_MISSING.label);
    await open(page, `/findings/${county}?sort=teachers&dir=desc`);
    const teachers = (await page.locator('main table').filter({ hasText: '处理建议' }).locator('tbody tr td:nth-child(6)').allTextContents()).map(Number);
    expect(teachers).toEqual([...teachers].sort((a, b) => b - a));
    const xlsx = await page.request.get(`${world.url}/findings/${county}/report.xlsx`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    const csv = await page.request.get(`${world.url}/findings/${county}/report.csv`);
    expect(csv.status()).toBe(200);
    const csvText = await csv.text();
    seen.push({ url: `/findings/${county}/report.csv`, html: csvText });
    expect(csvText.split('\n').length).toBeGreaterThan(total);
    await page.close();
  });

  it('keeps a county bureau to its county: another county, its city and their downloads are refused with 403', async () => {
    const page = await as('county');
    const county = world.places.county;
    const other = (await world.deps.repos.findings.forRun((await world.deps.repos.runs.latest(1))[0]!.id)).map((f) => f.countyCode).find((c) => c !== county && /^\d{4}(?!00)\d{2}$/.test(c));
    expect(other).toBeDefined();
    for (const path of [`/findings/${other}`, `/findings/${cityOf(county)}`, `/findings/${other}/report.xlsx`, '/findings/110101']) {
      expect((await open(page, path))?.status(), path).toBe(403);
    }
    expect(await page.textContent('h1')).toBe('无权访问');
    const refused = world.logLines().filter((l) => l['event'] === 'console.forbidden');
    expect(refused.map((l) => l['target'])).toEqual(expect.arrayContaining([`area ${other}`, `area ${cityOf(county)}`]));
    for (const l of refused) expect(JSON.stringify(l)).not.toMatch(/\d{17}[\dX]/);
    await page.close();
  });

  it('lets a city bureau open the findings of its counties, and not those of other cities', async () => {
    const page = await as('city');
    const city = world.places.city;
    expect((await open(page, `/findings/${city}`))?.status()).toBe(200);
    const link = page.locator('main ul a').first();
    if (await link.count() > 0) {
      const href = await link.getAttribute('href');
      expect((await open(page, href ?? ''))?.status()).toBe(200);
    }
    const otherCity = cityOf(world.places.county) === city ? `${city.slice(0, 2)}9900` : cityOf(world.places.county);
    expect((await open(page, `/findings/${otherCity}`))?.status()).toBe(403);
    await page.close();
  });

  it('gives a school administrator nothing of the bureaus\' pages', async () => {
    const page = await as('school');
    for (const path of ['/overview', `/findings/${world.places.county}`, '/findings']) {
      expect((await open(page, path))?.status(), path).toBe(403);
    }
    await page.close();
  });

  it('fits a phone and a desktop: the runs and a county\'s findings as cards on a phone (screenshots for docs/console.md)', async () => {
    for (const [name, viewport] of [['390px', PHONE], ['desktop', DESKTOP]] as const) {
      const province = await as('province', viewport);
      await province.waitForFunction(`${CHART} > 0`);
      const runs = province.locator('main table').filter({ hasText: '计划范围' });
      expect(await runs.locator('thead').isVisible()).toBe(viewport === DESKTOP);
      expect(await province.locator('header nav a').allTextContents()).toEqual(expect.arrayContaining(['共用标识码', '人工指定', '指定清单', '审计日志']));
      await fits(province, `console-overview-${name}.png`);
      await province.close();
      const county = await as('county', viewport);
      await open(county, `/findings/${world.places.county}`);
      await county.waitForFunction(`${CHART} > 0`);
      await fits(county, `console-findings-${name}.png`);
      await county.close();
    }
  });

  it('fits the shared-code page and a file of moves\' preview on a phone and a desktop (screenshots for docs/console.md)', async () => {
    const code = world.places.sharedInstitution;
    const [from, to] = campusesOf(code);
    const moves = teachersAt(h, from!.schoolId).slice(0, 2).map((t) => `${t},${to!.schoolId},在${to!.campusName ?? to!.name}任教`);
    expect(moves.length).toBeGreaterThan(0);
    for (const [name, viewport] of [['390px', PHONE], ['desktop', DESKTOP]] as const) {
      const school = await as('school', viewport);
      expect((await open(school, `/shared-codes/${code}`))?.status()).toBe(200);
      // Dozens of teachers share the code: the picture is the first screen.
      await fits(school, `console-shared-code-${name}.png`, SHOTS, false);
      await open(school, '/reassign');
      await school.setInputFiles('input[name=file]', { name: 'moves.csv', mimeType: 'text/csv', buffer: Buffer.from(`teacherId,schoolId,reason\r\n${moves.join('\r\n')}\r\n`) });
      await Promise.all([school.waitForURL(`${world.url}/reassign/file`), school.getByRole('button', { name: '上传并核对' }).click()]);
      seen.push({ url: school.url(), html: await school.content() });
      expect(await school.locator('form[action="/reassign/confirm"]').count()).toBe(1);
      await fits(school, `console-reassign-preview-${name}.png`);
      await school.close();
    }
  });

  it('fits a teacher, the audit log, the overrides and the assignment forms on a phone once a move is recorded', async () => {
    const code = world.places.sharedInstitution;
    const [from, to] = campusesOf(code);
    const teacher = teachersAt(h, from!.schoolId)[0]!;
    const school = await as('school');
    await open(school, `/shared-codes/${code}`);
    const row = school.locator('tr', { has: school.locator(`a[href="/teachers/${teacher}"]`) });
    await row.locator('select[name=schoolId]').selectOption(to!.schoolId);
    await row.locator('input[name=reason]').first().fill(`在${to!.campusName ?? to!.name}任教`);
    await Promise.all([school.waitForURL(`${world.url}/reassign`), row.getByRole('button', { name: '指定' }).click()]);
    seen.push({ url: school.url(), html: await school.content() });
    await fits(school, 'recorded-desktop.png', CHECKED);
    await school.close();
    const province = await as('province', PHONE);
    for (const path of [`/teachers/${teacher}`, '/audit', '/overrides', '/shared-codes', '/reassign']) {
      expect((await open(province, path))?.status(), path).toBe(200);
      await fits(province, `${path.slice(1).replaceAll('/', '-')}-390px.png`, CHECKED);
    }
    await province.close();
  });

  it('never shows an unmasked ID number or mobile on any page it opened', () => {
    const needles = h.sims.world.teachers.flatMap((t) => [
      ...(t.idNumber ? idNumberForms(t.idNumber) : []), ...(t.mobile ? mobileForms(t.mobile) : []),
    ]).filter((n) => n.length >= 11);
    expect(seen.length).toBeGreaterThan(10);
    for (const { url, html } of seen) {
      const found = needles.filter((n) => html.includes(n));
      expect(found, url).toEqual([]);
    }
  });
});
