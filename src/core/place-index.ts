import { cityOf, type DivisionHistory, type DivisionLevel, type DivisionRecord } from './county-routing.js';
import { KEEP_TEXT, type TextFold } from './name-normalisation.js';

/**
 * The place names a school name may start with (某某省, 某某市, 某某区 …), every one a division has
 * had in the history, each resolved to the divisions it stands for today: a county that became a
 * district (某县 → 某区, 某市 → 某区), districts merged into one, renamed ones, a county split in
 * two (both parts).
 */

/** What one written place name stands for at one level: today's divisions. */
export interface PlaceMeaning {
  level: DivisionLevel;
  /** Today's division codes (usually one; a former name of a split county, or a name two cities use, more). */
  codes: readonly string[];
  /** Whether a division bears the name today; a former name may be written with its city of then. */
  current: boolean;
}

export interface PlaceIndex {
  /** Place names as folded by `fold`, with their meanings, higher levels first. */
  readonly byText: ReadonlyMap<string, readonly PlaceMeaning[]>;
  readonly longest: number;
  /** The lengths of the place names that start with a character, longest first. */
  readonly lengthsByFirst: ReadonlyMap<string, readonly number[]>;
  /** How school names are folded (traditional → simplified) before the names are looked up. */
  readonly fold: TextFold;
  /** Today's county-level divisions a county code stands for, current or former; [] when it is no county. */
  countiesOf(code: string): readonly string[];
}

// Names too generic to mean one place; several cities once had a 城区 or 郊区.
const GENERIC_PLACE = /^(城区|郊区|直辖|市辖区)$|地区$/u;
const LEVELS: readonly DivisionLevel[] = ['province', 'city', 'county'];
const MAX_HOPS = 12;

function shortPlaceName(name: string, level: DivisionLevel): string | null {
  const suffix = level === 'province' ? /省$/u : level === 'city' ? /市$/u : /(?:\p{Script=Han}族)?自治县$|[区县市]$/u;
  const short = name.replace(suffix, '');
  return short !== name && [...short].length >= 2 ? short : null;
}

/**
 * Where a row of the history went: the codes it became when it ended (新代码 without a year), and
 * the parts it gave away earlier (with a year). A row whose code lives on (a rename under the same
 * code) went nowhere else.
 */
function nextCodes(r: DivisionRecord): { final: string[]; parts: string[] } {
  const others = r.successors.filter((s) => s.code !== r.code);
  return { final: others.filter((s) => s.year === null).map((s) => s.code), parts: others.filter((s) => s.year !== null).map((s) => s.code) };
}

/** Today's divisions one row stands for: what it became, and the parts it gave away before. */
function rowToday(r: DivisionRecord, resolve: (code: string) => readonly string[]): readonly string[] {
  if (r.inUse) return [r.code];
  const { final, parts } = nextCodes(r);
  const own = final.length === 0 ? resolve(r.code) : [];
  const codes = final.length > 0 || own.length === 0 ? [...final, ...parts].flatMap(resolve) : [];
  return [...new Set([...own, ...codes])].sort();
}

/** Today's divisions a code stands for, following every successor (merges, splits, recodings). */
function todayResolver(history: DivisionHistory): (code: string) => readonly string[] {
  const memo = new Map<string, readonly string[]>();
  const visiting = new Set<string>();
  const resolve = (code: string): readonly string[] => {
    const known = memo.get(code);
    if (known) return known;
    const rows = history.byCode.get(code);
    if (!rows || visiting.has(code) || visiting.size > MAX_HOPS) return [];
    if (rows.some((r) => r.inUse)) return [code];
    visiting.add(code);
    const found = [...new Set(rows.flatMap((r) => rowToday(r, resolve)))].sort();
    visiting.delete(code);
    memo.set(code, found);
    return found;
  };
  return resolve;
}

/**
 * The ways a division's name is written: in full and short (某某区, 某某). A name too generic to
 * mean one place (郊区, 城区) only with its city in front (某某市郊区), as one name.
 */
function placeNames(r: DivisionRecord): string[] {
  if (GENERIC_PLACE.test(r.name)) {
    if (r.level !== 'county' || !r.city.endsWith('市')) return [];
    const city = shortPlaceName(r.city, 'city');
    return [r.city + r.name, ...(city === null ? [] : [city + r.name])];
  }
  const short = shortPlaceName(r.name, r.level);
  return short === null ? [r.name] : [r.name, short];
}

type Meanings = Map<string, Map<DivisionLevel, Set<string>>>;

function addMeaning(into: Meanings, text: string, level: DivisionLevel, codes: readonly string[]): void {
  let byLevel = into.get(text);
  if (!byLevel) into.set(text, (byLevel = new Map()));
  let set = byLevel.get(level);
  if (!set) byLevel.set(level, (set = new Set()));
  for (const c of codes) set.add(c);
}

/**
 * Every name and short name (某某市, 某某; 某某区, 某某; 某某畲族自治县, 某某) of the divisions in the
 * history, folded like school names. A name in use today means only what it means today; a name
 * no longer in use means every division it was given to.
 */
export function placeIndex(history: DivisionHistory, opts: { fold?: TextFold } = {}): PlaceIndex {
  const fold = opts.fold ?? KEEP_TEXT;
  const today = todayResolver(history);
  const inUse: Meanings = new Map();
  const former: Meanings = new Map();
  for (const rows of history.byCode.values()) {
    for (const r of rows) {
      const codes = rowToday(r, today);
      if (codes.length === 0) continue;
      const into = r.inUse ? inUse : former;
      for (const text of placeNames(r)) addMeaning(into, fold(text), r.level, codes);
    }
  }
  const byText = new Map<string, PlaceMeaning[]>();
  for (const source of [inUse, former]) {
    for (const [text, byLevel] of source) {
      if (byText.has(text)) continue;
      const current = source === inUse;
      const meanings = LEVELS.filter((l) => byLevel.has(l)).map((level) => ({ level, codes: [...byLevel.get(level)!].sort(), current }));
      byText.set(text, meanings);
    }
  }
  let longest = 0;
  const lengthsByFirst = new Map<string, number[]>();
  for (const text of byText.keys()) {
    longest = Math.max(longest, text.length);
    const lengths = lengthsByFirst.get(text[0]!) ?? [];
    if (!lengths.includes(text.length)) lengthsByFirst.set(text[0]!, [...lengths, text.length].sort((a, b) => b - a));
  }
  const isCounty = (code: string) => history.byCode.get(code)?.some((r) => r.level === 'county') ?? false;
  return { byText, longest, lengthsByFirst, fold, countiesOf: (code) => (isCounty(code) ? today(code) : []) };
}

/** The cities (地级) over today's county codes. */
export function citiesOver(counties: readonly string[]): string[] {
  return [...new Set(counties.map(cityOf))];
}
