import { cityOf, currentDivision, type DivisionHistory, type DivisionLevel } from './county-routing.js';

/**
 * Whether a school name typed on the teacher-training platform names the same school as the
 * registry (全国机构编码系统) name of its code. Schools write their own name in many ways that are
 * not errors: full-width characters, spaces, any style of bracket, a leading 浙江省/杭州市/上城区,
 * a campus or branch note, short forms (实小, 职高, 十四中), numerals in words or digits. Those are
 * normalised away first; a similarity score decides only what normalisation leaves open, and never
 * across a different number, school type or kind of school (杭州市第十四中学 is not 第十五中学).
 */

/** Place names a school name may start with, resolved to today's division codes. */
export interface PlaceIndex {
  readonly byText: ReadonlyMap<string, { code: string; level: DivisionLevel }>;
  readonly longest: number;
}

// Names too generic to mean one place; several cities once had a 城区 or 郊区.
const GENERIC_PLACE = /^(城区|郊区|直辖|市辖区)$|地区$/u;

function shortPlaceName(name: string, level: DivisionLevel): string | null {
  const suffix = level === 'province' ? /省$/u : level === 'city' ? /市$/u : /(?:\p{Script=Han}族)?自治县$|[区县市]$/u;
  const short = name.replace(suffix, '');
  return short !== name && [...short].length >= 2 ? short : null;
}

/**
 * Every name and short name (杭州市, 杭州; 上城区, 上城; 景宁畲族自治县, 景宁) of the divisions in the
 * history. Names in use win over old ones; a name that means two places today is left out.
 */
export function placeIndex(history: DivisionHistory): PlaceIndex {
  const byText = new Map<string, { code: string; level: DivisionLevel }>();
  const ambiguous = new Set<string>();
  const add = (pass: Map<string, { code: string; level: DivisionLevel }>, text: string, code: string, level: DivisionLevel) => {
    if (ambiguous.has(text) || byText.has(text)) return;
    const seen = pass.get(text);
    if (seen && (seen.code !== code || seen.level !== level)) {
      pass.delete(text);
      ambiguous.add(text);
    } else pass.set(text, { code, level });
  };
  for (const inUse of [true, false]) {
    const pass = new Map<string, { code: string; level: DivisionLevel }>();
    for (const [code, rows] of history.byCode) {
      for (const r of rows) {
        if (r.inUse !== inUse || GENERIC_PLACE.test(r.name)) continue;
        const today = inUse ? code : currentDivision(code, history);
        if (today === null) continue;
        add(pass, r.name, today, r.level);
        const short = shortPlaceName(r.name, r.level);
        if (short !== null) add(pass, short, today, r.level);
      }
    }
    for (const [text, v] of pass) byText.set(text, v);
  }
  let longest = 0;
  for (const text of byText.keys()) longest = Math.max(longest, text.length);
  return { byText, longest };
}

const INVISIBLE = /[\s\u180E\u200B-\u200D\u2060\uFEFF]/gu;
const OPEN = '([{（【〔〖「『<《';
const CLOSE = ')]}）】〕〗」』>》';
const BRACKETED = new RegExp(`[${escapeClass(OPEN)}][^${escapeClass(OPEN + CLOSE)}]*[${escapeClass(CLOSE)}]`, 'gu');
const UNCLOSED = new RegExp(`[${escapeClass(OPEN)}].*$`, 'u');
const PUNCTUATION = /[\p{P}\p{S}]/gu;

function escapeClass(chars: string): string {
  return chars.replace(/[\]\\^-]/g, '\\$&');
}

/** Width, spaces, bracketed notes (campus, former name) and punctuation: none of them names a school. */
function tidy(raw: string): string {
  let s = raw.normalize('NFKC').replace(INVISIBLE, '');
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(BRACKETED, '');
  }
  return s.replace(UNCLOSED, '').replace(PUNCTUATION, '');
}

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
const NOTE_AFTER_TYPE = new RegExp(`^(.*(?:${TYPE_WORD}))(?:.{0,10}?)(?:校区|分校|校部|院区|园区|分部|本部|教育集团|集团)$`, 'u');

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
  for (let m = NOTE_AFTER_TYPE.exec(s); m?.[1]; m = NOTE_AFTER_TYPE.exec(s)) s = m[1];
  s = s.replace(/第(?=\d)/gu, '');
  for (const [re, full] of SHORT_FORMS) s = s.replace(re, full);
  return s;
}

/** A school name reduced to what identifies the school, with the places it named in front. */
export interface SchoolNameParts {
  core: string;
  city: string | null;
  county: string | null;
}

/**
 * The readings of a name: with 0, 1, 2 … leading place names taken off. Several, because a place
 * name can also be the school's own name (西湖小学 in 上城区 is not in 西湖区).
 */
export function schoolNameReadings(raw: string | null, places: PlaceIndex): SchoolNameParts[] {
  const text = tidy(raw ?? '');
  const out: SchoolNameParts[] = [];
  let rest = text;
  let city: string | null = null;
  let county: string | null = null;
  const push = () => {
    const core = canonicalCore(rest);
    if (core !== '') out.push({ core, city, county });
  };
  push();
  let allowed: readonly DivisionLevel[] = ['province', 'city', 'county'];
  while (allowed.length > 0) {
    let hit: { text: string; code: string; level: DivisionLevel } | null = null;
    for (let len = Math.min(places.longest, rest.length - 1); len >= 2 && hit === null; len--) {
      const head = rest.slice(0, len);
      const place = places.byText.get(head);
      if (place && allowed.includes(place.level)) hit = { text: head, ...place };
    }
    if (hit === null) break;
    rest = rest.slice(hit.text.length);
    if (hit.level === 'city') city = hit.code;
    if (hit.level === 'county') county = hit.code;
    allowed = allowed.slice(allowed.indexOf(hit.level) + 1);
    push();
  }
  return out;
}

function citiesOf(p: SchoolNameParts): string | null {
  return p.city ?? (p.county === null ? null : cityOf(p.county));
}

/** Two readings can be one school only if the places they name do not differ. */
function placesAgree(a: SchoolNameParts, b: SchoolNameParts): boolean {
  if (a.county !== null && b.county !== null && a.county !== b.county) return false;
  const ca = citiesOf(a);
  const cb = citiesOf(b);
  return ca === null || cb === null || ca === cb;
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
}

export const DEFAULT_NAME_SIMILARITY = 0.85;

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function compareSchoolNames(
  entered: string | null,
  registered: string,
  opts: { places: PlaceIndex; threshold?: number },
): SchoolNameComparison {
  const threshold = opts.threshold ?? DEFAULT_NAME_SIMILARITY;
  const as = schoolNameReadings(entered, opts.places);
  const bs = schoolNameReadings(registered, opts.places);
  let placeConflict = false;
  for (const a of as) {
    for (const b of bs) {
      if (a.core !== b.core) continue;
      if (placesAgree(a, b)) return { same: true, score: 1, method: 'normalised' };
      placeConflict = true;
    }
  }
  // Similarity is measured on what is left once every leading place name is off: a shared
  // 桐庐县 in front must not make 城关小学 look like 城南小学.
  const a = as.at(-1);
  const b = bs.at(-1);
  if (!a || !b) return { same: false, score: 0, method: 'normalised' };
  const score = round3(nameSimilarity(a.core, b.core));
  // The same school name in another county or city is another school.
  if (placeConflict || !placesAgree(a, b)) return { same: false, score, method: 'normalised' };
  const same = score >= threshold && sameKeyParts(a.core, b.core);
  return { same, score, method: 'similarity' };
}
