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
});
