import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISMATCH_KINDS } from '../../src/core/mismatch-finding.js';
import { KIND_LABELS } from '../../src/reports/finding-labels.js';
import { COUNTY_SHEET } from '../../src/reports/report-xlsx.js';
import { openBrowser, useChineseFont, type TestBrowser } from '../support/browser.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

const PHONE = { width: 390, height: 844 };
// The screenshot in docs/reports.md is rewritten with UPDATE_SCREENSHOTS=1; otherwise it goes to a
// temporary folder, so that a test run leaves the working tree as it was.
const SCREENSHOT = process.env['UPDATE_SCREENSHOTS'] === '1'
  ? fileURLToPath(new URL('../../docs/images/province-summary-390px.png', import.meta.url))
  : join(mkdtempSync(join(tmpdir(), 'ts-screenshot-')), 'province-summary-390px.png');

// What runs in the page is a string: the project's types know Node, not the DOM.
const WIDTHS = '({ scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth, inner: window.innerWidth })';

/** Every element that sticks out of the screen, or whose content is wider than itself. */
const OVERFLOWING = `[...document.body.querySelectorAll('*')].flatMap((el) => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return [];
  if (r.left >= 0 && r.right <= ${PHONE.width} + 0.5 && el.scrollWidth <= el.clientWidth + 1) return [];
  return [{ tag: el.tagName, text: (el.textContent || '').slice(0, 40), left: r.left, right: r.right }];
})`;

/** Each county's name (the bold text before its code): how many lines it takes and how tall it is. */
const COUNTY_NAMES = `[...document.querySelectorAll('b')].filter((b) => /（\\d{6}）/.test(b.parentElement ? b.parentElement.textContent : '')).map((b) => ({
  text: b.textContent || '', lines: b.getClientRects().length, height: b.getBoundingClientRect().height, fontSize: parseFloat(getComputedStyle(b).fontSize),
}))`;

interface CountyName {
  text: string;
  lines: number;
  height: number;
  fontSize: number;
}

interface Overflow {
  tag: string;
  text: string;
  left: number;
  right: number;
}

describe('the provincial summary mail on a phone', () => {
  let h: Harness;
  let browser: TestBrowser;
  let html = '';
  let table: (string | number)[][] = [];

  beforeAll(async () => {
    // A messy world of 2,000 teachers: findings of several kinds in many counties.
    h = await startHarness('mariadb', { seed: 2026, teachers: 2000 });
    const dir = mkdtempSync(join(tmpdir(), 'ts-summary-phone-'));
    const run = await h.cli(['sync', '--json'], { REPORT_DIR: dir });
    expect(run.code, run.stderr).toBe(0);
    const runDir = join(dir, `run-${summaryOf(run).runId}`);
    html = String((await simpleParser(readFileSync(join(runDir, 'province-summary.eml')))).html);
    expect(readdirSync(runDir)).toEqual(expect.arrayContaining(['province-summary.xlsx', 'province-summary.csv']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(runDir, 'province-summary.xlsx')) as unknown as ArrayBuffer);
    wb.getWorksheet(COUNTY_SHEET)!.eachRow((row) => table.push((row.values as (string | number)[]).slice(1)));
    browser = await openBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('keeps the full table, a column per kind and a row per county, in the attached workbook', () => {
    const [header, ...rows] = table;
    expect(header).toEqual(['区县代码', '区县', ...MISMATCH_KINDS.map((k) => KIND_LABELS[k].label), '人员问题', '通知']);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const kindsSeen = MISMATCH_KINDS.filter((_, i) => rows.some((r) => Number(r[2 + i]) > 0));
    expect(kindsSeen.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) expect(html).toContain(`${String(r[1])}</b>（${String(r[0])}）`);
  });

  it('fits 390 px: nothing is wider than the screen, and each county name stays on one line', async () => {
    const page = await browser.page(PHONE);
    await page.setContent(html, { waitUntil: 'load' });
    await useChineseFont(page);
    expect(await page.evaluate<boolean>(`document.fonts.check('14px "PingFang SC"', '浙江')`)).toBe(true);
    const widths = await page.evaluate<{ scroll: number; body: number; inner: number }>(WIDTHS);
    expect(widths.inner).toBe(PHONE.width);
    expect(widths.scroll).toBeLessThanOrEqual(PHONE.width);
    expect(widths.body).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate<Overflow[]>(OVERFLOWING)).toEqual([]);
    // A county name wrapped a character a line is as tall as it is long: each must be one line high.
    const names = await page.evaluate<CountyName[]>(COUNTY_NAMES);
    expect(names.length).toBe(table.length - 1);
    for (const n of names) {
      expect(n.lines, n.text).toBe(1);
      expect(n.height, n.text).toBeLessThan(n.fontSize * 2);
    }
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  }, 60_000);
});
