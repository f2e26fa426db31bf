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
}

export interface PlaceIndex {
  /** Place names as folded by `fold`, with their meanings, higher levels first. */
  readonly byText: ReadonlyMap<string, readonly PlaceMeaning[]>;
  readonly longest: number;
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

/** Where a division went when it ended: every code it was given to, itself excluded. */
function nextCodes(r: DivisionRecord): string[] {
  return r.successors.map((s) => s.code).filter((c) => c !== r.code);
}

/** Today's divisions a code stands for, following every successor (merges, splits, recodings). */
function todayResolver(history: DivisionHistory): (code: string) => readonly string[] {
  const memo = new Map<string, readonly string[]>();
  const resolve = (code: string, hops: number): readonly string[] => {
    const known = memo.get(code);
    if (known) return known;
    const rows = history.byCode.get(code);
    if (!rows || hops > MAX_HOPS) return [];
    if (rows.some((r) => r.inUse)) return [code];
    const out = new Set<string>();
    for (const r of rows) for (const next of nextCodes(r)) for (const c of resolve(next, hops + 1)) out.add(c);
    const found = [...out].sort();
    memo.set(code, found);
    return found;
  };
  return (code) => resolve(code, 0);
}

/** Today's divisions one row of the history stands for: a row of a code reused later went elsewhere. */
function recordToday(r: DivisionRecord, today: (code: string) => readonly string[]): readonly string[] {
  if (r.inUse) return [r.code];
  const next = nextCodes(r);
  if (next.length === 0) return today(r.code);
  return [...new Set(next.flatMap((c) => today(c)))].sort();
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
      if (GENERIC_PLACE.test(r.name)) continue;
      const codes = recordToday(r, today);
      if (codes.length === 0) continue;
      const into = r.inUse ? inUse : former;
      addMeaning(into, fold(r.name), r.level, codes);
      const short = shortPlaceName(r.name, r.level);
      if (short !== null) addMeaning(into, fold(short), r.level, codes);
    }
  }
  const byText = new Map<string, PlaceMeaning[]>();
  for (const source of [inUse, former]) {
    for (const [text, byLevel] of source) {
      if (byText.has(text)) continue;
      const meanings = LEVELS.filter((l) => byLevel.has(l)).map((level) => ({ level, codes: [...byLevel.get(level)!].sort() }));
      byText.set(text, meanings);
    }
  }
  let longest = 0;
  for (const text of byText.keys()) longest = Math.max(longest, text.length);
  const isCounty = (code: string) => history.byCode.get(code)?.some((r) => r.level === 'county') ?? false;
  return { byText, longest, fold, countiesOf: (code) => (isCounty(code) ? today(code) : []) };
}

/** The cities (地级) over today's county codes. */
export function citiesOver(counties: readonly string[]): string[] {
  return [...new Set(counties.map(cityOf))];
}
