/**
 * Which stored division codes can route into an area, so that the console reads one county's (or
 * one city's) findings by index instead of the whole province's. The rows a scope selects are a
 * superset of those routed to the area: the caller still routes each one (routeCounty) and keeps
 * those the area covers (areaCovers), so the scope only saves reading, it never decides.
 */
import { areaCovers } from './console-access.js';
import { currentDivision, type ProvinceDivisions } from './county-routing.js';

export interface AreaScope {
  /** Every code of the history whose division today the area covers. */
  codes: string[];
  /**
   * Four-digit city prefixes whose city the area covers: a county code the history does not know
   * is routed to its city, so it is of the area when its first four digits are.
   */
  cityPrefixes: string[];
}

/** Null for the province itself (every row is of it); otherwise the codes that can route into the area. */
export function areaScope(area: string, divisions: ProvinceDivisions): AreaScope | null {
  if (area === divisions.divisionCode || currentDivision(area, divisions) === divisions.divisionCode) return null;
  const codes: string[] = [];
  for (const code of divisions.byCode.keys()) {
    const today = currentDivision(code, divisions);
    if (today !== null && areaCovers(area, today, divisions)) codes.push(code);
  }
  codes.sort();
  const cityPrefixes = [...new Set(codes.filter((c) => c.endsWith('00')).map((c) => c.slice(0, 4)))].sort();
  return { codes, cityPrefixes };
}

/** The scope of several areas together (a bureau may have more than one); null when one is the province. */
export function areasScope(areas: readonly string[], divisions: ProvinceDivisions): AreaScope | null {
  const codes = new Set<string>();
  const cityPrefixes = new Set<string>();
  for (const area of areas) {
    const scope = areaScope(area, divisions);
    if (scope === null) return null;
    for (const c of scope.codes) codes.add(c);
    for (const p of scope.cityPrefixes) cityPrefixes.add(p);
  }
  return { codes: [...codes].sort(), cityPrefixes: [...cityPrefixes].sort() };
}

/** Whether a stored code is within the scope (the same test the database makes). */
export function inAreaScope(code: string | null, scope: AreaScope): boolean {
  if (code === null) return false;
  return scope.codes.includes(code) || (/^\d{6}$/.test(code) && scope.cityPrefixes.includes(code.slice(0, 4)));
}
