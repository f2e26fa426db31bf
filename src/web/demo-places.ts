import { cityOf } from '../core/county-routing.js';
import type { Repositories } from '../db/repositories.js';
import type { DemoPlaces } from './demo-idp.js';

/**
 * Places in the demo's data for the demo people: the county with the most findings in the latest
 * run, a city (another one when there is) with findings, and a code several campuses share.
 */
export async function pickDemoPlaces(repos: Repositories, provinceCode: string): Promise<DemoPlaces> {
  const [latest] = await repos.runs.latest(1);
  const perCounty = new Map<string, number>();
  for (const f of latest ? await repos.findings.forRun(latest.id) : []) {
    if (/^\d{4}(?!00)\d{2}$/.test(f.countyCode)) perCounty.set(f.countyCode, (perCounty.get(f.countyCode) ?? 0) + 1);
  }
  const ranked = [...perCounty].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
  const county = ranked[0] ?? `${provinceCode}0102`;
  const city = cityOf(ranked.find((c) => cityOf(c) !== cityOf(county)) ?? county);
  const shared = [...(await repos.schools.byCode()).entries()].filter(([, schools]) => schools.length > 1).map(([code]) => code).sort();
  return { city, county, sharedInstitution: shared[0] ?? `21${provinceCode}000001` };
}
