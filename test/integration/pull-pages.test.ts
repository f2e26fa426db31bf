import { afterEach, describe, expect, it } from 'vitest';
import type { DbKind } from '../support/databases.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

type Summary = ReturnType<typeof summaryOf> & { problems: Record<string, number> };

/**
 * The pull writes a page while it reads and checks the next. A teacher listed again on a later
 * page, the very next one (which may still be being written) or one long written, is said to be
 * listed twice, and the later entry stands.
 */
describe.each<DbKind>(['sqlite', 'mariadb'])('a teacher listed on two pages of one pull, on %s', (kind) => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  it('is said to be listed twice, and the later entry is pushed, on the very next page as on a later one', async () => {
    const h = await startHarness(kind, { seed: 5, teachers: 500 });
    open.push(h);
    const first = summaryOf(await h.cli(['sync', '--json'])) as Summary;
    expect(first.status).toBe('succeeded');
    const listed = h.sims.ttp.list();
    const withAccount = (from: number, to: number) => listed.slice(from, to).find((t) => t.status === 'active' && h.sims.srp.account(t.teacherId)?.status === 'active')!;
    // The test policy's pages hold 50: the appended entries make an 11th page after the 10th.
    expect(listed.length).toBe(500);
    const nextPage = withAccount(450, 500);
    const longAgo = withAccount(0, 50);
    const now = new Date().toISOString();
    h.sims.ttp.appendRaw([
      { ...nextPage, name: '后来的名字甲', updatedAt: now },
      { ...longAgo, name: '后来的名字乙', updatedAt: now },
    ]);

    const again = summaryOf(await h.cli(['sync', '--json', '--full'])) as Summary;
    expect(again.status).toBe('succeeded');
    expect((again.problems['SCHEMA_INVALID'] ?? 0) - (first.problems['SCHEMA_INVALID'] ?? 0)).toBe(2);
    expect(h.sims.srp.account(nextPage.teacherId)?.name).toBe('后来的名字甲');
    expect(h.sims.srp.account(longAgo.teacherId)?.name).toBe('后来的名字乙');
    expect(again.updated).toBe(2);
  });

  it('says a teacher first stored by this pull and listed again on a later page is listed twice', async () => {
    const h = await startHarness(kind, { seed: 6, teachers: 200 });
    open.push(h);
    const first = summaryOf(await h.cli(['sync', '--json'])) as Summary;
    const listed = h.sims.ttp.list();
    const now = new Date().toISOString();
    // Pages hold 50: the new teacher opens the 5th page and is listed again on the 6th.
    const fresh = { ...listed[10]!, teacherId: 'NEW-TWICE', updatedAt: now };
    const others = listed.slice(20, 69).map((t, i) => ({ ...t, teacherId: `NEW-${i}`, updatedAt: now }));
    h.sims.ttp.appendRaw([fresh, ...others, { ...fresh, name: '后来的名字丙' }]);

    const again = summaryOf(await h.cli(['sync', '--json', '--full'])) as Summary;
    expect(again.status).toBe('succeeded');
    expect(again.pulled).toBe(251);
    expect((again.problems['SCHEMA_INVALID'] ?? 0) - (first.problems['SCHEMA_INVALID'] ?? 0)).toBe(1);
  });

  it('finds gone on a full pull only a teacher no longer listed, and has it back when listed again unchanged', async () => {
    const h = await startHarness(kind, { seed: 7, teachers: 200 });
    open.push(h);
    expect((summaryOf(await h.cli(['sync', '--json'])) as Summary).status).toBe('succeeded');
    const t = h.sims.ttp.list().find((r) => r.status === 'active' && h.sims.srp.account(r.teacherId)?.status === 'active')!;
    h.sims.ttp.remove(t.teacherId);
    // A delta pull lists only what changed: nobody is gone after it.
    expect((summaryOf(await h.cli(['sync', '--json'])) as Summary).disabled).toBe(0);
    expect(h.sims.srp.account(t.teacherId)?.status).toBe('active');

    const without = summaryOf(await h.cli(['sync', '--json', '--full'])) as Summary;
    expect(without.disabled).toBe(1);
    expect(h.sims.srp.account(t.teacherId)?.status).toBe('disabled');
    expect((summaryOf(await h.cli(['sync', '--json', '--full'])) as Summary).disabled).toBe(0);

    h.sims.ttp.upsert(t);
    const back = summaryOf(await h.cli(['sync', '--json', '--full'])) as Summary;
    expect(back.status).toBe('succeeded');
    expect(back.disabled).toBe(0);
    expect(h.sims.srp.account(t.teacherId)?.status).toBe('active');
  });
});
