import { afterAll, describe, expect, it } from 'vitest';
import { requireProvinceDivisions } from '../../src/areacodes/area-code-history.js';
import { areaScope } from '../../src/core/area-scope.js';
import { areaCovers } from '../../src/core/console-access.js';
import { cityOf } from '../../src/core/county-routing.js';
import { collectCountyFindings, type CountyFindings } from '../../src/reports/county-findings.js';
import { withRepos } from '../support/fault-checks.js';
import { startHarness, summaryOf, type Harness } from '../support/harness.js';

const zhejiang = requireProvinceDivisions('33');

/** An area's counties as the report gathers them: the same whether read for the province or for the area. */
const ofArea = (all: Map<string, CountyFindings>, area: string) =>
  [...all.values()].filter((c) => areaCovers(area, c.countyCode, zhejiang)).sort((a, b) => (a.countyCode < b.countyCode ? -1 : 1));

describe.each(['mariadb', 'sqlite'] as const)('an area\'s findings read by its codes (%s)', (kind) => {
  let h: Harness;
  afterAll(async () => h?.close());

  it('are those of the province\'s findings the area covers, for every county and city that has any', async () => {
    h = await startHarness(kind, { teachers: 1500 });
    const r = await h.cli(['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const runId = summaryOf(r).runId;
    await withRepos(h.database.url, async (repos, db) => {
      // Records entered under codes that are no more (萧山市, 下城区) or never were (a county code
      // Hangzhou does not have), at a school the registry does not know: routed by those codes alone.
      const quarantined = await db.selectFrom('teacher').select('teacher_id').where('valid', '=', 0).where('gone', '=', 0).where('problems', 'like', '%ID_NUMBER_INVALID%').orderBy('teacher_id').limit(3).execute();
      expect(quarantined).toHaveLength(3);
      for (const [i, county] of ['339005', '330103', '330198'].entries()) {
        await db.updateTable('teacher').set({ county_code: county, institution_code: '3399999999' }).where('teacher_id', '=', quarantined[i]!.teacher_id).execute();
      }
      const province = await collectCountyFindings(repos, runId, zhejiang);
      const counties = [...province.keys()].filter((c) => c !== zhejiang.divisionCode);
      const areas = [...new Set([...counties, ...counties.map(cityOf)])];
      // The world has findings of both kinds spread over many areas, or this proves little.
      expect(counties.length).toBeGreaterThan(5);
      expect([...province.values()].some((c) => c.schools.length > 0 && c.people.length > 0)).toBe(true);
      for (const routed of ['330109', '330105', '330100']) {
        expect(province.get(routed)?.people.some((p) => p.institutionCode === '3399999999'), routed).toBe(true);
      }
      const counts = await repos.consoleFindings.countsByRunAndArea([runId]);
      const total = (rows: typeof counts, area: string) => rows.filter((c) => areaCovers(area, c.countyCode, zhejiang)).reduce((n, c) => n + c.findings, 0);
      for (const area of areas) {
        const scoped = await collectCountyFindings(repos, runId, zhejiang, areaScope(area, zhejiang));
        expect(ofArea(scoped, area), area).toEqual(ofArea(province, area));
        // The trend's count of the area, read by its codes, is the province's count of it.
        const scopedCounts = await repos.consoleFindings.countsByRunAndArea([runId], areaScope(area, zhejiang));
        expect(total(scopedCounts, area), area).toBe(total(counts, area));
      }
    });
  }, 120_000);
});
