import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadBaseConfig } from '../../src/config/config.js';
import type { Repositories } from '../../src/db/port.js';
import { silentLogger } from '../../src/log/logger.js';
import { closeRedis, openRedis } from '../../src/queue/connection.js';
import { openQueues } from '../../src/queue/queues.js';
import type { SchoolWire } from '../../src/simulators/index.js';
import { pickDemoPlaces } from '../../src/web/demo-places.js';
import { openBrowser, type TestBrowser } from '../support/browser.js';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';
import { dropPrefix, SHARED_REDIS, uniquePrefix } from '../support/services.js';
import { sharedCode, singleSchoolCode, teachersAt } from '../support/world-picks.js';

const BOM = '\uFEFF';
/** 在钱江校区任教 as a spreadsheet saves it in GBK (简体中文 ANSI). */
const GBK_REASON = Buffer.from('d4dac7aebdadd0a3c7f8c8cebdcc', 'hex');

describe('console: a school administrator reassigns teachers among its campuses', () => {
  let h: Harness;
  let world: ConsoleWorld;
  let browser: TestBrowser;
  let repos: Repositories;
  let closeRepos: () => Promise<void>;
  let code: string;
  let busiest: SchoolWire;
  let other: SchoolWire;
  let foreignTeacher: string;
  /** Every HTML page the browser was sent, by URL: scanned for personal data at the end. */
  const pages = new Map<string, string>();

  beforeAll(async () => {
    h = await startHarness('mariadb', { seed: 7, teachers: 600 });
    const run = await h.cli(['sync', '--json']);
    expect(run.code, run.stderr).toBe(0);
    ({ code, busiest, other } = sharedCode(h));
    const foreign = singleSchoolCode(h, code);
    foreignTeacher = teachersAt(h, foreign.schoolId)[0]!;
    const app = await createApp(loadBaseConfig(h.env));
    repos = app.storage.repos;
    closeRepos = () => app.close();
    // The demo's school administrator administers the code this test moves teachers within.
    const places = { ...(await pickDemoPlaces(repos, '33')), sharedInstitution: code };
    world = await startConsoleWorld(h, { places });
    browser = await openBrowser();
    browser.context.on('response', (res) => {
      if (!(res.headers()['content-type'] ?? '').startsWith('text/html')) return;
      void res.text().then((body) => pages.set(`${res.request().method()} ${res.url()}`, body), () => undefined);
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
    await closeRepos?.();
    await h?.close();
  });

  /** CONSOLE_SCREENSHOTS=dir keeps a picture of each page the tests look at, to look at. */
  const shot = async (page: Page, name: string) => {
    const dir = process.env['CONSOLE_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  };
  const schoolAdmin = async (): Promise<Page> => {
    const page = await browser.page({ width: 1280, height: 900 });
    await world.signIn(page, 'school');
    return page;
  };
  const adminName = () => world.users.find((u) => u.username === 'school')!.name;
  const counts = async () => ({ assignments: (await repos.assignments.list()).length, audit: await repos.audit.lastId() });

  it('moves a teacher through the shared-code page; the audit log names the signed-in person; the next sync places the teacher there', async () => {
    const teacher = teachersAt(h, busiest.schoolId)[0]!;
    const page = await schoolAdmin();
    const res = await page.goto(`${world.url}/shared-codes/${code}`);
    expect(res?.status()).toBe(200);
    await shot(page, 'shared-code');
    const row = page.locator('tr', { has: page.locator(`a[href="/teachers/${teacher}"]`) });
    await row.locator('select[name=schoolId]').selectOption(other.schoolId);
    await row.locator('input[name=reason]').first().fill('在分校区任教');
    await Promise.all([page.waitForURL(`${world.url}/reassign`), row.getByRole('button', { name: '指定' }).click()]);
    expect(await page.textContent('[role=status]')).toContain('已记录 1 项');
    await shot(page, 'recorded');

    const [entry] = await repos.audit.search({ teacherId: teacher, limit: 1 });
    expect(entry).toMatchObject({ action: 'assign', actor: adminName(), source: 'web', reason: '在分校区任教' });
    expect(entry?.after?.schoolId).toBe(other.schoolId);

    // The province operator reads the same entry in the audit page.
    const operator = await browser.page({ width: 1280, height: 900 });
    await world.signIn(operator, 'province');
    await operator.goto(`${world.url}/audit?teacher=${teacher}`);
    expect(await operator.textContent('table')).toContain(adminName());
    await shot(operator, 'audit');
    // A day that does not exist is dropped from the filter, not answered with an error.
    expect((await operator.goto(`${world.url}/audit?from=2026-02-30&to=2026-13-01&actor=${encodeURIComponent(adminName())}`))?.status()).toBe(200);
    expect(await operator.textContent('table')).toContain(adminName());
    const csv = await operator.request.get(`${world.url}/audit.csv?teacher=${teacher}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).startsWith(`${BOM}时间,`)).toBe(true);

    const sync = summaryOf(await h.cli(['sync', '--json']));
    expect(sync.moved).toBe(1);
    expect(h.sims.srp.account(teacher)?.schoolId).toBe(other.schoolId);

    // The teacher's page and the overrides say where the teacher is and why.
    await operator.goto(`${world.url}/teachers/${teacher}`);
    expect(await operator.textContent('main')).toContain(other.schoolId);
    await shot(operator, 'teacher');
    expect((await operator.goto(`${world.url}/overrides`))?.status()).toBe(200);
    expect(await operator.textContent('main')).toContain(teacher);
    await shot(operator, 'overrides');
    await operator.close();
    await page.close();
  });

  it('changes nothing for a file with one bad row, refuses a GBK file in Chinese, and records a good file after the preview', async () => {
    const [first, second] = teachersAt(h, busiest.schoolId).slice(1, 3);
    const page = await schoolAdmin();
    const before = await counts();
    const upload = async (content: Buffer) => {
      await page.goto(`${world.url}/reassign`);
      await page.setInputFiles('input[name=file]', { name: 'moves.csv', mimeType: 'text/csv', buffer: content });
      await Promise.all([page.waitForURL(`${world.url}/reassign/file`), page.getByRole('button', { name: '上传并核对' }).click()]);
    };

    await upload(Buffer.from(`${BOM}teacherId,schoolId,reason\r\n${first},${other.schoolId},在分校区任教\r\n${second},S-NO-SUCH,在分校区任教\r\n`));
    expect(await page.textContent('[role=alert]')).toContain('没有记录任何调整');
    expect(await page.textContent('main')).toContain('S-NO-SUCH');
    expect(await page.locator('form[action="/reassign/confirm"]').count()).toBe(0);
    await shot(page, 'file-refused');
    expect(await counts()).toEqual(before);

    await upload(Buffer.concat([Buffer.from(`teacherId,schoolId,reason\r\n${first},${other.schoolId},`), GBK_REASON, Buffer.from('\r\n')]));
    expect(await page.textContent('[role=alert]')).toContain('不是 UTF-8 编码');
    await shot(page, 'file-gbk');
    expect(await counts()).toEqual(before);

    await upload(Buffer.from(`${BOM}teacherId,schoolId,reason\r\n${first},${other.schoolId},"在分校区任教, 见调令"\r\n${second},${other.schoolId},在分校区任教\r\n`));
    expect(await page.locator('tbody tr').count()).toBe(2);
    await shot(page, 'file-preview');
    expect(await counts()).toEqual(before);
    await Promise.all([page.waitForURL(`${world.url}/reassign/confirm`), page.getByRole('button', { name: '确认，全部记录' }).click()]);
    expect(await page.textContent('[role=status]')).toContain('已记录 2 项');
    expect((await repos.assignments.byTeacherIds([first!])).get(first!)?.reason).toBe('在分校区任教, 见调令');
    await page.close();
  });

  it('answers 403 to a crafted post for a teacher of another code, and changes nothing', async () => {
    const page = await schoolAdmin();
    await page.goto(`${world.url}/reassign`);
    const token = await page.getAttribute('form[action="/reassign"] input[name=_csrf]', 'value');
    const before = await counts();
    const forged = await page.request.post(`${world.url}/reassign`, {
      form: { _csrf: token ?? '', teacherId: foreignTeacher, schoolId: other.schoolId, reason: '越权' }, maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const confirm = await page.request.post(`${world.url}/reassign/confirm`, {
      form: { _csrf: token ?? '', moves: JSON.stringify([{ teacherId: foreignTeacher, schoolId: other.schoolId, reason: '越权', line: 2 }]) }, maxRedirects: 0,
    });
    expect(confirm.status()).toBe(403);
    const file = await page.request.post(`${world.url}/reassign/file`, {
      multipart: { _csrf: token ?? '', file: { name: 'moves.csv', mimeType: 'text/csv', buffer: Buffer.from(`teacherId,schoolId,reason\r\n${foreignTeacher},${other.schoolId},越权\r\n`) } },
      maxRedirects: 0,
    });
    expect(file.status()).toBe(403);
    const undo = await page.request.post(`${world.url}/reassign/undo`, { form: { _csrf: token ?? '', teacherId: foreignTeacher }, maxRedirects: 0 });
    expect([403, 422]).toContain(undo.status());
    expect((await page.goto(`${world.url}/teachers/${foreignTeacher}`))?.status()).toBe(403);
    expect((await page.goto(`${world.url}/audit`))?.status()).toBe(403);
    expect((await page.goto(`${world.url}/overrides`))?.status()).toBe(403);
    expect(await counts()).toEqual(before);
    expect(world.logLines().some((l) => l['event'] === 'console.forbidden' && l['action'] === 'reassign')).toBe(true);
    await page.close();
  });

  it('undoes an assignment, and asks the workers for a run only for the province', async () => {
    const assigned = (await repos.assignments.list())[0]!;
    const page = await schoolAdmin();
    await page.goto(`${world.url}/shared-codes/${code}`);
    const row = page.locator('tr', { has: page.locator(`a[href="/teachers/${assigned.teacherId}"]`) });
    await Promise.all([page.waitForURL(`${world.url}/reassign/undo`), row.getByRole('button', { name: '撤销指定' }).click()]);
    expect(await page.textContent('[role=status]')).toContain('已撤销');
    expect((await repos.assignments.byTeacherIds([assigned.teacherId])).has(assigned.teacherId)).toBe(false);
    expect(await page.locator('form[action="/reassign/push-now"]').count()).toBe(0);
    const token = await page.getAttribute('input[name=_csrf]', 'value');
    expect((await page.request.post(`${world.url}/reassign/push-now`, { form: { _csrf: token ?? '' }, maxRedirects: 0 })).status()).toBe(403);
    await page.close();
  });

  it('lets the province move across codes only when it says so, and never a school administrator', async () => {
    const teacher = teachersAt(h, other.schoolId)[0]!;
    const foreign = singleSchoolCode(h, code);
    const admin = await schoolAdmin();
    await admin.goto(`${world.url}/reassign`);
    expect(await admin.locator('input[name=force]').count()).toBe(0);
    const adminToken = await admin.getAttribute('form[action="/reassign"] input[name=_csrf]', 'value');
    const before = await counts();
    const across = await admin.request.post(`${world.url}/reassign`, {
      form: { _csrf: adminToken ?? '', teacherId: teacher, schoolId: foreign.schoolId, reason: '跨标识码', force: '1' }, maxRedirects: 0,
    });
    expect(across.status()).toBe(403);
    expect(await counts()).toEqual(before);

    const operator = await browser.page({ width: 1280, height: 900 });
    await world.signIn(operator, 'province');
    await operator.goto(`${world.url}/reassign`);
    await operator.fill('form[action="/reassign"] input[name=teacherId]', teacher);
    await operator.fill('form[action="/reassign"] input[name=schoolId]', foreign.schoolId);
    await operator.fill('form[action="/reassign"] input[name=reason]', '跨标识码');
    await operator.locator('form[action="/reassign"]').getByRole('button', { name: '指定' }).click();
    await operator.waitForSelector('[role=alert]');
    expect(await operator.textContent('[role=alert]')).toContain('学校标识码与教师');
    expect(await counts()).toEqual(before);
    await operator.check('form[action="/reassign"] input[name=force]');
    await Promise.all([operator.waitForSelector('[role=status]'), operator.locator('form[action="/reassign"]').getByRole('button', { name: '指定' }).click()]);
    expect((await repos.assignments.byTeacherIds([teacher])).get(teacher)?.schoolId).toBe(foreign.schoolId);
    // Without a queue there is no one to ask: no button.
    expect(await operator.locator('form[action="/reassign/push-now"]').count()).toBe(0);

    // With the workers' queue (on the shared Redis, under a prefix of its own), "push now" enqueues a run for them.
    const prefix = uniquePrefix();
    const redis = await openRedis(SHARED_REDIS, { role: 'command', connectTimeoutMs: 2000, log: silentLogger() });
    const queues = openQueues(redis, { ...world.deps.policy, queue: { ...world.deps.policy.queue, prefix } }, () => {});
    world.deps.queues = queues;
    try {
      await operator.goto(`${world.url}/reassign`);
      await operator.fill('form[action="/reassign"] input[name=teacherId]', teacher);
      await operator.fill('form[action="/reassign"] input[name=schoolId]', other.schoolId);
      await operator.fill('form[action="/reassign"] input[name=reason]', '回到分校区');
      await Promise.all([operator.waitForSelector('[role=status]'), operator.locator('form[action="/reassign"]').getByRole('button', { name: '指定' }).click()]);
      await Promise.all([operator.waitForURL(`${world.url}/reassign/push-now`), operator.getByRole('button', { name: '立即推送（请求一次同步）' }).click()]);
      const jobId = /任务 (\S+)）/.exec((await operator.textContent('[role=status]')) ?? '')?.[1] ?? '';
      const job = await queues.runs.getJob(jobId);
      expect(job?.data).toMatchObject({ trigger: 'manual', full: false });
    } finally {
      world.deps.queues = null;
      await queues.close();
      await closeRedis(redis);
      await dropPrefix(SHARED_REDIS, prefix);
    }
    await operator.close();
    await admin.close();
  });

  it('lets a county bureau read its own teachers and nothing of the assignment pages', async () => {
    const inCounty = new Set(h.sims.srp.schools().filter((s) => s.countyCode === world.places.county).map((s) => s.schoolId));
    const teacher = h.sims.srp.accounts().find((a) => inCounty.has(a.schoolId) && a.externalId !== null)?.externalId;
    const page = await browser.page({ width: 1280, height: 900 });
    await world.signIn(page, 'county');
    if (teacher) expect((await page.goto(`${world.url}/teachers/${teacher}`))?.status()).toBe(200);
    for (const path of ['/shared-codes', `/shared-codes/${code}`, '/reassign', '/overrides', '/audit', '/audit.csv']) {
      expect((await page.goto(`${world.url}${path}`).catch(() => null))?.status() ?? 403, path).toBe(403);
    }
    const school = await schoolAdmin();
    await school.goto(`${world.url}/shared-codes`);
    expect(await school.locator(`a[href="/shared-codes/${code}"]`).count()).toBe(1);
    expect(await school.locator('a[href^="/shared-codes/"]').count()).toBe(1);
    await school.close();
    await page.close();
  });

  it('shows no unmasked ID number or name on any page it opened', () => {
    expect(pages.size).toBeGreaterThan(8);
    const secrets = h.sims.ttp.list().flatMap((t) => [t.idNumber, t.name]).filter((s): s is string => s !== null && [...s].length > 1);
    for (const [url, body] of pages) {
      const found = secrets.filter((s) => body.includes(s));
      expect(found, url).toEqual([]);
    }
  });
});
