import { cityOf, type DivisionLevel } from './county-routing.js';
import { schoolNameText } from './name-normalisation.js';
import { citiesOver, type PlaceIndex, type PlaceMeaning } from './place-index.js';

/**
 * Whether a school name typed on the teacher-training platform names the same school as the
 * registry (全国机构编码系统) name of its code. Schools write their own name in many ways that are
 * not errors: full-width characters, spaces, any style of bracket, traditional or variant
 * characters (學, 區, 實驗), a leading province, city or county in any of the names it has had
 * (某县 that became 某区, a merged or renamed district, the city with or without 市), a campus or
 * branch note, short forms (实小, 职高, 十四中), numerals in words or digits. Those are normalised
 * away first; a similarity score decides only what normalisation leaves open, and never across a
 * different number, school type or kind of school (第十四中学 is not 第十五中学), nor across a place
 * that is another county today.
 */

export { placeIndex, type PlaceIndex, type PlaceMeaning } from './place-index.js';

const NUMERAL_RUN = /[零〇一二三四五六七八九十百]+/gu;
const DIGIT: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十四 → 14, 二十一 → 21, 一百零五 → 105, 一〇五 → 105. */
function numeralValue(run: string): string {
  if (!/[十百]/u.test(run)) return [...run].map((c) => String(DIGIT[c] ?? '')).join('');
  let total = 0;
  let current = 0;
  for (const c of run) {
    if (c === '十' || c === '百') {
      total += (current || 1) * (c === '十' ? 10 : 100);
      current = 0;
    } else current = DIGIT[c] ?? 0;
  }
  return String(total + current);
}

const TYPE_WORD = String.raw`小学|中学|幼儿园|学校|学院|幼稚园|实小|初中|高中|职高|职校|特校|附小|附中|中心校|\d+中|\d+小`;
// A campus, branch or group named after the school type: 胜利小学钱江校区, 胜利小学分校, …小学教育集团.
const NOTE_WORD = '校区|分校|校部|院区|园区|分部|本部|教育集团|集团';
const NOTE_AFTER_TYPE = new RegExp(`^(.*(?:${TYPE_WORD}))(?:.{0,10}?)(?:${NOTE_WORD})$`, 'u');
// Most names end in no note; this cheap test spares them the backtracking of the full pattern.
const NOTE_AT_END = new RegExp(`(?:${NOTE_WORD})$`, 'u');

/** Short forms of school types, at the end of a name, and the full form they stand for. */
const SHORT_FORMS: readonly (readonly [RegExp, string])[] = [
  [/(?:中职学校|中职)$/u, '中等职业学校'],
  [/(?:职业技校|职技校|职校)$/u, '职业技术学校'],
  [/职高$/u, '职业高级中学'],
  [/(?:特殊学校|特教学校|特校)$/u, '特殊教育学校'],
  [/实小$/u, '实验小学'],
  [/附小$/u, '附属小学'],
  [/附中$/u, '附属中学'],
  [/初中$/u, '初级中学'],
  [/高中$/u, '高级中学'],
  [/中心校$/u, '中心小学'],
  [/幼稚园$/u, '幼儿园'],
  [/(\d+)中$/u, '$1中学'],
  [/(\d+)小$/u, '$1小学'],
];

function canonicalCore(text: string): string {
  let s = text.replace(NUMERAL_RUN, numeralValue);
  for (let m = NOTE_AT_END.test(s) ? NOTE_AFTER_TYPE.exec(s) : null; m?.[1]; m = NOTE_AT_END.test(s) ? NOTE_AFTER_TYPE.exec(s) : null) s = m[1];
  s = s.replace(/第(?=\d)/gu, '');
  for (const [re, full] of SHORT_FORMS) s = s.replace(re, full);
  return s;
}

/** A school name reduced to what identifies the school, with the places it named in front. */
export interface SchoolNameParts {
  readonly core: string;
  /** Today's city codes the name's city stands for, or null when it names none. */
  readonly city: readonly string[] | null;
  /** Today's county codes the name's county stands for, or null when it names none. */
  readonly county: readonly string[] | null;
}

interface PlaceHit extends PlaceMeaning {
  text: string;
}

/** The longest place name at the start of a text, of one of the levels still allowed. */
function leadingPlace(rest: string, allowed: readonly DivisionLevel[], places: PlaceIndex): PlaceHit | null {
  for (const len of places.lengthsByFirst.get(rest[0] ?? '') ?? []) {
    if (len >= rest.length) continue;
    const head = rest.slice(0, len);
    const meaning = places.byText.get(head)?.find((m) => allowed.includes(m.level));
    if (meaning) return { text: head, ...meaning };
  }
  return null;
}

/**
 * The county a county name means after the city written before it: of a name two cities use, the
 * one in that city. A former name may stand with the city it belonged to then, which is not its
 * city today: the county decides. A name in use today in no city written is another place.
 */
function countyInCity(hit: PlaceHit, city: readonly string[] | null): { county: readonly string[]; city: readonly string[] | null } {
  if (city === null) return { county: hit.codes, city };
  const inCity = hit.codes.filter((c) => city.some((x) => sameCity(x, c)));
  if (inCity.length > 0) return { county: inCity, city };
  return { county: hit.codes, city: hit.current ? city : null };
}

// Readings of the names seen with an index, so that a registered name compared with every way it
// was entered, and an entered name checked again for a suggestion, are read once. Bounded: a run
// reads tens of thousands of distinct names, and the cache starts over when it is full.
const READINGS_KEPT = 20_000;
const readingsCache = new WeakMap<PlaceIndex, Map<string, readonly SchoolNameParts[]>>();

/**
 * The readings of a name: with 0, 1, 2 … leading place names taken off. Several, because a place
 * name can also be the school's own name (a 某某小学 named after a neighbouring district).
 */
export function schoolNameReadings(raw: string | null, places: PlaceIndex): readonly SchoolNameParts[] {
  let cache = readingsCache.get(places);
  if (!cache) readingsCache.set(places, (cache = new Map()));
  const key = raw ?? '';
  const known = cache.get(key);
  if (known) return known;
  const readings = readNames(key, places);
  if (cache.size >= READINGS_KEPT) cache.clear();
  cache.set(key, readings);
  return readings;
}

function readNames(raw: string, places: PlaceIndex): readonly SchoolNameParts[] {
  const out: SchoolNameParts[] = [];
  let rest = schoolNameText(raw, places.fold);
  let city: readonly string[] | null = null;
  let county: readonly string[] | null = null;
  const push = () => {
    const core = canonicalCore(rest);
    if (core !== '') out.push({ core, city, county });
  };
  push();
  let allowed: readonly DivisionLevel[] = ['province', 'city', 'county'];
  for (let hit = leadingPlace(rest, allowed, places); hit !== null; hit = leadingPlace(rest, allowed, places)) {
    rest = rest.slice(hit.text.length);
    if (hit.level === 'city') city = hit.codes;
    if (hit.level === 'county') ({ county, city } = countyInCity(hit, city));
    allowed = allowed.slice(allowed.indexOf(hit.level) + 1);
    push();
  }
  return out;
}

const overlap = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));
const sameCity = (a: string, b: string) => cityOf(a) === cityOf(b);

/** Two readings can be one school only if the places they name can be one place today. */
function placesAgree(a: SchoolNameParts, b: SchoolNameParts): boolean {
  if (a.county !== null && b.county !== null && !overlap(a.county, b.county)) return false;
  // A city against a city, or a county's city: compared as city codes, without building lists.
  const ca = a.city ?? a.county;
  const cb = b.city ?? b.county;
  return ca === null || cb === null || ca.some((x) => cb.some((y) => sameCity(x, y)));
}

/** 1 − edit distance / longer length, over characters. */
export function nameSimilarity(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return 1 - prev[y.length]! / longer;
}

const TYPE_SUFFIX = /(特殊教育学校|中等职业学校|职业技术学校|职业高级中学|高级中学|初级中学|培智学校|幼儿园|小学|中学|学校|学院)$/u;
// Words that make a different school of an otherwise similar name (胜利小学 / 胜利实验小学).
const DISTINGUISHING = ['实验', '中心', '附属', '职业', '初级', '高级', '特殊', '外国语', '民办', '国际', '艺术', '体育', '培智', '双语', '机关', '分校'];

/** What a similarity may never bridge: a different number, school type or kind of school. */
function sameKeyParts(a: string, b: string): boolean {
  const numbers = (s: string) => (s.match(/\d+/gu) ?? []).join(',');
  if (numbers(a) !== numbers(b)) return false;
  if ((TYPE_SUFFIX.exec(a)?.[1] ?? '') !== (TYPE_SUFFIX.exec(b)?.[1] ?? '')) return false;
  return DISTINGUISHING.every((w) => a.includes(w) === b.includes(w));
}

export type NameMatchMethod = 'normalised' | 'similarity';

export interface SchoolNameComparison {
  same: boolean;
  /** Similarity of the names as normalised, 0..1 (1 when normalisation made them equal). */
  score: number;
  /** What decided: the normalised comparison, or the similarity fallback. */
  method: NameMatchMethod;
  /** Whether the names place the school in different counties or cities today. */
  placeDiffers: boolean;
}

export const DEFAULT_NAME_SIMILARITY = 0.85;

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export interface SchoolNameOptions {
  places: PlaceIndex;
  threshold?: number;
  /**
   * The county code the registry gives the institution (current or former). A registered name
   * that names no county is read as naming this one, so that an entered name naming another
   * county is another school; a former name of this county, or of a county it came from, is not.
   */
  registryCounty?: string | null;
}

/** The readings of the registered name, each placed in the registry's county when it names none. */
function registeredReadings(registered: string, opts: SchoolNameOptions): readonly SchoolNameParts[] {
  const readings = schoolNameReadings(registered, opts.places);
  const own = opts.registryCounty ? opts.places.countiesOf(opts.registryCounty) : [];
  if (own.length === 0) return readings;
  return readings.map((r) => (r.county === null && (r.city === null || overlap(r.city, citiesOver(own))) ? { ...r, county: own } : r));
}

export function compareSchoolNames(entered: string | null, registered: string, opts: SchoolNameOptions): SchoolNameComparison {
  const threshold = opts.threshold ?? DEFAULT_NAME_SIMILARITY;
  const as = schoolNameReadings(entered, opts.places);
  const bs = registeredReadings(registered, opts);
  let placeConflict = false;
  for (const a of as) {
    for (const b of bs) {
      if (a.core !== b.core) continue;
      if (placesAgree(a, b)) return { same: true, score: 1, method: 'normalised', placeDiffers: false };
      placeConflict = true;
    }
  }
  // Similarity is measured on what is left once every leading place name is off: a shared
  // county name in front must not make 城关小学 look like 城南小学.
  const a = as.at(-1);
  const b = bs.at(-1);
  if (!a || !b) return { same: false, score: 0, method: 'normalised', placeDiffers: false };
  const score = round3(nameSimilarity(a.core, b.core));
  // The same school name in another county or city is another school.
  if (placeConflict || !placesAgree(a, b)) return { same: false, score, method: 'normalised', placeDiffers: true };
  const same = score >= threshold && sameKeyParts(a.core, b.core);
  return { same, score, method: 'similarity', placeDiffers: false };
}
