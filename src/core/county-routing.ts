/**
 * Administrative divisions (行政区划) over time, and where mail about a place goes today. The
 * history is passed in as parsed rows (see src/areacodes/), so the rules here stay pure.
 */

export type DivisionLevel = 'province' | 'city' | 'county';

/** One row of the area-code history: a division as it was between two years. */
export interface DivisionRecord {
  /** 6-digit division code (行政区划代码). */
  code: string;
  /** Prefecture-level city (地级市) it belonged to, e.g. 南京市; empty for the province itself. */
  city: string;
  name: string;
  level: DivisionLevel;
  /** 在用: the division exists today under this code. */
  inUse: boolean;
  /** Year the row stopped applying (变更/弃用时间), or null while in use. */
  until: number | null;
  /**
   * 新代码: where the division went. A code with a year is a part transferred earlier; codes
   * without one are what it became when it ended.
   */
  successors: readonly { code: string; year: number | null }[];
}

export interface DivisionHistory {
  readonly byCode: ReadonlyMap<string, readonly DivisionRecord[]>;
}

/**
 * The divisions one deployment serves: its province (省级) and every division it has had, plus the
 * divisions of other provinces that became part of it (a county moved across a provincial border).
 */
export interface ProvinceDivisions extends DivisionHistory {
  /** Two digits, as in digits 3-4 of a 学校标识码 and the first two of a division code (省份代码). */
  readonly provinceCode: string;
  /** The province's own 6-digit division code, where mail with no county goes. */
  readonly divisionCode: string;
  /** 江苏省, 广西壮族自治区, 重庆市, … as the history names it today. */
  readonly name: string;
}

export function divisionHistory(records: readonly DivisionRecord[]): DivisionHistory {
  const byCode = new Map<string, DivisionRecord[]>();
  for (const r of records) {
    const list = byCode.get(r.code);
    if (list) list.push(r);
    else byCode.set(r.code, [r]);
  }
  return { byCode };
}

/** The 6-digit division code of a province given by its two digits. */
export function provinceDivisionCode(provinceCode: string): string {
  return `${provinceCode}0000`;
}

/** Provinces (省级) in use today, by two-digit code: the choices a deployment has. */
export function provincesInUse(records: readonly DivisionRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of records) if (r.level === 'province' && r.inUse && r.code.endsWith('0000')) out.set(r.code.slice(0, 2), r.name);
  return out;
}

/**
 * The divisions of one province out of the whole country's history, or null when no province in
 * use has that code. A division of another province is kept when it ended by becoming part of
 * this one (海南 out of 广东 in 1988, 重庆 out of 四川 in 1997), so its old codes still route here.
 */
export function provinceDivisions(records: readonly DivisionRecord[], provinceCode: string): ProvinceDivisions | null {
  const name = provincesInUse(records).get(provinceCode);
  if (name === undefined) return null;
  const kept = records.filter((r) => r.code.startsWith(provinceCode));
  const codes = new Set(kept.map((r) => r.code));
  let others = records.filter((r) => !r.inUse && !r.code.startsWith(provinceCode));
  for (;;) {
    const joined = others.filter((r) => r.successors.some((s) => s.year === null && codes.has(s.code)));
    if (joined.length === 0) break;
    for (const r of joined) codes.add(r.code);
    kept.push(...joined);
    others = others.filter((r) => !joined.includes(r));
  }
  return { ...divisionHistory(kept), provinceCode, divisionCode: provinceDivisionCode(provinceCode), name };
}

/** The record of a code as it is today, when the code is in use. */
export function currentRecord(code: string, history: DivisionHistory): DivisionRecord | null {
  return history.byCode.get(code)?.find((r) => r.inUse) ?? null;
}

const MAX_HOPS = 12;

/**
 * The code a division has today: itself when in use, else the first successor that leads to one
 * in use. A merged district goes to the district that took it in (a 区 merged into its neighbour);
 * of a split, the first listed part, which is where the old seat went. Null when the chain ends.
 */
export function currentDivision(code: string, history: DivisionHistory, hops = 0): string | null {
  const rows = history.byCode.get(code);
  if (!rows || hops > MAX_HOPS) return null;
  if (rows.some((r) => r.inUse)) return code;
  const last = [...rows].sort((a, b) => (b.until ?? 0) - (a.until ?? 0))[0];
  if (!last) return null;
  const final = last.successors.filter((s) => s.year === null);
  const order = final.length > 0 ? final : [...last.successors].reverse();
  for (const s of order) {
    if (s.code === code) continue;
    const found = currentDivision(s.code, history, hops + 1);
    if (found !== null) return found;
  }
  return null;
}

/** The city (地级) code over a county-level code. */
export function cityOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

export type RoutingSource = 'registry' | 'platform' | 'none';

export interface CountyRoute {
  /** Today's division code the mail goes to: a county, else its city, else the province. */
  countyCode: string;
  source: RoutingSource;
  /** How the code was reached from the one given. */
  resolution: 'current' | 'successor' | 'city' | 'province';
}

/**
 * Where a finding goes: the county of the registry record when the code is known to the registry,
 * else the county the teacher-training platform gave; either one followed through the history to
 * the division that exists today. Unknown codes fall back to their city, then to the province.
 */
export function routeCounty(
  input: { registryCounty: string | null; platformCounty: string | null },
  divisions: ProvinceDivisions,
): CountyRoute {
  const province = divisions.divisionCode;
  const history = divisions;
  const source: RoutingSource = input.registryCounty ? 'registry' : input.platformCounty ? 'platform' : 'none';
  const given = input.registryCounty || input.platformCounty;
  if (!given || !/^\d{6}$/.test(given)) return { countyCode: province, source, resolution: 'province' };
  const today = currentDivision(given, history);
  if (today !== null) return { countyCode: today, source, resolution: today === given ? 'current' : 'successor' };
  const city = currentDivision(cityOf(given), history);
  if (city !== null) return { countyCode: city, source, resolution: 'city' };
  return { countyCode: province, source, resolution: 'province' };
}

/** How a division is named in a report: 南京市玄武区 (a district with its city), 昆山市, 南京市, 江苏省. */
export function divisionDisplayName(code: string, history: DivisionHistory): string {
  const r = currentRecord(code, history);
  if (!r) return code;
  if (r.level !== 'county') return r.name;
  // A county-level city stands on its own; a district (区) or county (县) is named with its city.
  return r.name.endsWith('市') || r.city === '' || r.city === '直辖' ? r.name : `${r.city}${r.name}`;
}

/** A county bureau of education (教育局) or the province's office, as configured. */
export interface Bureau {
  name?: string | null | undefined;
  to: readonly string[];
  cc?: readonly string[] | undefined;
}

export interface BureauDirectory {
  province?: Bureau | null | undefined;
  cities: Readonly<Record<string, Bureau>>;
  counties: Readonly<Record<string, Bureau>>;
}

export interface BureauChoice {
  bureau: Bureau;
  level: DivisionLevel;
}

/** The bureau configured for a county, else for its city, else the province's office. */
export function bureauFor(directory: BureauDirectory, countyCode: string): BureauChoice | null {
  const own = Object.hasOwn(directory.counties, countyCode) ? directory.counties[countyCode] : undefined;
  if (own) return { bureau: own, level: 'county' };
  const city = cityOf(countyCode);
  const cityBureau = Object.hasOwn(directory.cities, city) ? directory.cities[city] : undefined;
  if (cityBureau) return { bureau: cityBureau, level: 'city' };
  return directory.province ? { bureau: directory.province, level: 'province' } : null;
}
