import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: installed by `.ci/run` when missing. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// Nothing but the page under test: no GPU, no QUIC, no first-run, update, sync or background traffic.
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  /** A new page of the given viewport width (and height). */
  page(viewport: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Chromium with a profile of its own, removed on close. Requests leave only for loopback: anything
 * else a page asks for is refused, so a test never reaches off this machine.
 */
export async function openBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ts-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.protocol === 'data:' || url.protocol === 'about:') await route.continue();
    else await route.abort();
  });
  return {
    context,
    page: async (viewport) => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Noto Sans SC (SIL OFL) from npm: the machines that run the tests may have no Chinese font, and a
// page of tofu boxes shows nothing of a layout. Served to the page by the test itself, not fetched.
const FONT_DIR = fileURLToPath(new URL('../../node_modules/@fontsource-variable/noto-sans-sc/', import.meta.url));
const FONT_ORIGIN = 'http://127.0.0.1:9/fonts';

/**
 * Gives a page a Chinese font under the names the page asks for (a phone's PingFang SC, Windows'
 * Microsoft YaHei), so that text is measured and shown as on those devices. Call after the content
 * is set; resolves once the fonts are loaded.
 */
export async function useChineseFont(page: Page, families: readonly string[] = ['PingFang SC', 'Microsoft YaHei']): Promise<void> {
  await page.route(`${FONT_ORIGIN}/**`, (route) => route.fulfill({
    body: readFileSync(join(FONT_DIR, 'files', basename(new URL(route.request().url()).pathname))), contentType: 'font/woff2',
  }));
  const css = readFileSync(join(FONT_DIR, 'index.css'), 'utf8').replaceAll('./files/', `${FONT_ORIGIN}/`);
  await page.addStyleTag({ content: families.map((f) => css.replaceAll("'Noto Sans SC Variable'", `'${f}'`)).join('\n') });
  // Scripts that run in the page are strings: the project's types know Node, not the DOM.
  await page.evaluate('document.body.getBoundingClientRect(), document.fonts.ready.then(() => true)');
}
