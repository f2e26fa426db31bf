import OpenCC from 'opencc-js';
import { cityOf, currentRecord, divisionDisplayName, type DivisionHistory, type DivisionRecord } from '../../src/core/county-routing.js';
import { firstUsed } from './province-history.js';

/**
 * A labelled table of school-name pairs built from a province's division history: for counties
 * that were renamed, turned into districts (某县 → 某区, 某市 → 某区) or merged, the ways a clerk
 * writes the name of the same school (benign), and the names of other schools that look alike
 * (mismatch). The labels follow from the history, never from the code under test.
 */

export type BenignKind =
  | 'county→district' | 'city→district' | 'merged' | 'renamed' | 'with-city-of-then' | 'city-without-市'
  | 'traditional' | 'former+traditional' | 'former+campus' | 'former-vs-registry-county' | 'registry-predecessor';
export type MismatchKind =
  | 'another-school' | 'neighbouring-number' | 'school-type' | 'former-school-name' | 'other-county'
  | 'former-name-of-other-county' | 'other-county-vs-registry-county';

export interface LabelledPair {
  province: string;
  kind: BenignKind | MismatchKind;
  entered: string;
  registered: string;
  /** The county code the registry gives the institution. */
  registryCounty: string;
  same: boolean;
}

// Proper names of schools, none of them a place name of the provinces the table is built for.
const SCHOOLS = ['育才小学', '向阳小学', '光明中学', '晨光幼儿园', '启明实验学校', '春晖小学', '明德高级中学', '新苗幼儿园', '求真学校', '博文初级中学'];
const OTHER_SCHOOLS = ['崇德小学', '景行中学', '致远小学', '弘毅学校'];
// A school's former name and its name now: two names of one school, but only the second is the registry's.
const RENAMED_SCHOOLS: readonly (readonly [string, string])[] = [['城关镇第一小学', '实验小学'], ['红旗中学', '育英中学'], ['第二职业中学', '职业教育中心学校']];

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toHongKong = OpenCC.Converter({ from: 'cn', to: 'hk' });
const GENERIC = /^(城区|郊区|矿区|市辖区)$|地区$/u;
const stem = (name: string) => name.replace(/(?:\p{Script=Han}族)?自治县$|[区县市]$/u, '');

/** Every division in use today that a code led to, following all successors. */
function reachToday(code: string, h: DivisionHistory, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(code)) return out;
  seen.add(code);
  const rows = h.byCode.get(code) ?? [];
  if (rows.some((r) => r.inUse)) return out.add(code);
  for (const r of rows) for (const s of r.successors) if (s.code !== code) for (const c of reachToday(s.code, h, seen)) out.add(c);
  return out;
}

/**
 * Today's divisions a row of the history stands for: what it became when it ended (新代码 without
 * a year) and the parts it gave away before (with one); a row whose code lives on, that code.
 */
function recordToday(r: DivisionRecord, h: DivisionHistory): Set<string> {
  const others = r.successors.filter((s) => s.code !== r.code);
  const final = others.filter((s) => s.year === null);
  const livesOn = final.length === 0 ? reachToday(r.code, h) : new Set<string>();
  if (livesOn.size > 0) return livesOn;
  const out = new Set<string>();
  for (const s of others) for (const c of reachToday(s.code, h)) out.add(c);
  return out;
}

/** A code no longer in use that stands for this county alone: what a registry not yet updated gives. */
function predecessorCode(today: string, h: DivisionHistory): string {
  for (const [code, rows] of h.byCode) {
    if (rows.some((r) => r.inUse) || rows[0]?.level !== 'county') continue;
    const reach = reachToday(code, h);
    if (reach.size === 1 && reach.has(today)) return code;
  }
  return today;
}

interface Former {
  record: DivisionRecord;
  /** The one county in use today that every record of this name led to. */
  today: string;
  change: 'county→district' | 'city→district' | 'merged' | 'renamed';
}

/** Former county names that no division bears today and that led to exactly one county. */
function formerCounties(h: DivisionHistory): Former[] {
  const inUseNames = new Set<string>();
  const byName = new Map<string, DivisionRecord[]>();
  for (const rows of h.byCode.values()) {
    for (const r of rows) {
      if (r.inUse) inUseNames.add(r.name);
      byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    }
  }
  const out: Former[] = [];
  for (const [name, records] of byName) {
    if (inUseNames.has(name) || GENERIC.test(name) || records.some((r) => r.level !== 'county')) continue;
    const today = new Set(records.flatMap((r) => [...recordToday(r, h)]));
    const [only] = today;
    if (today.size !== 1 || !only || currentRecord(only, h)?.level !== 'county') continue;
    const record = records.sort((a, b) => (b.until ?? 0) - (a.until ?? 0))[0]!;
    out.push({ record, today: only, change: changeOf(record, only, h) });
  }
  return out.sort((a, b) => (a.record.code < b.record.code ? -1 : 1));
}

/**
 * What happened to the county: it became a district under the same stem (某县 → 某区, 某市 → 某区),
 * it was merged into a county that existed beside it, or it was renamed.
 */
function changeOf(r: DivisionRecord, today: string, h: DivisionHistory): Former['change'] {
  const now = currentRecord(today, h)!.name;
  const sameStem = stem(r.name) === stem(now);
  if (sameStem && r.name.endsWith('县') && now.endsWith('区')) return 'county→district';
  if (sameStem && r.name.endsWith('市') && now.endsWith('区')) return 'city→district';
  if (!sameStem && today !== r.code && (firstUsed().get(today) ?? 9999) < (r.until ?? 0)) return 'merged';
  return 'renamed';
}

/** Up to `perKind` former names of each kind of change, so that every kind is in the table. */
function pick(formers: readonly Former[], perKind: number): Former[] {
  const taken = new Map<string, number>();
  return formers.filter((f) => {
    const n = taken.get(f.change) ?? 0;
    taken.set(f.change, n + 1);
    return n < perKind;
  });
}

function neighbour(today: string, f: Former, h: DivisionHistory): DivisionRecord {
  const counties = [...h.byCode.values()].flat().filter((r) => r.inUse && r.level === 'county' && r.code !== today && !recordToday(f.record, h).has(r.code));
  const sameCity = counties.filter((r) => cityOf(r.code) === cityOf(today));
  return (sameCity.length > 0 ? sameCity : counties)[0]!;
}

export function labelledPairs(province: string, h: DivisionHistory, perKind = 4): LabelledPair[] {
  const formers = formerCounties(h);
  const out: LabelledPair[] = [];
  pick(formers, perKind).forEach((f, i) => {
    const R = f.today;
    const now = currentRecord(R, h)!;
    const city = currentRecord(cityOf(R), h);
    const cityNow = city?.name ?? '';
    const cityThen = f.record.city.endsWith('市') ? f.record.city : cityNow;
    const full = divisionDisplayName(R, h);
    const school = SCHOOLS[i % SCHOOLS.length]!;
    const other = OTHER_SCHOOLS[i % OTHER_SCHOOLS.length]!;
    const [oldName, newName] = RENAMED_SCHOOLS[i % RENAMED_SCHOOLS.length]!;
    const y = neighbour(R, f, h);
    const g = formers.find((o) => o.today !== R && cityOf(o.today) === cityOf(R)) ?? formers.find((o) => o.today !== R)!;
    const F = f.record.name;
    const add = (kind: LabelledPair['kind'], entered: string, registered: string, same: boolean, registryCounty = R) =>
      out.push({ province, kind, entered, registered, registryCounty, same });
    // The same school.
    add(f.change, `${F}${school}`, `${full}${school}`, true);
    add('with-city-of-then', `${cityThen}${F}${school}`, `${full}${school}`, true);
    add('city-without-市', `${cityThen.replace(/市$/u, '')}${F}${school}`, `${full}${school}`, true);
    add('traditional', (i % 2 === 0 ? toTraditional : toHongKong)(`${cityNow}${now.name}${school}`), `${full}${school}`, true);
    add(i % 2 === 0 ? 'former+traditional' : 'former+campus', i % 2 === 0 ? toTraditional(`${F}${school}`) : `${F}${school}（东校区）`, `${full}${school}`, true);
    add('former-vs-registry-county', `${F}${school}`, school, true);
    add('registry-predecessor', `${full}${school}`, school, true, predecessorCode(R, h));
    // Another school.
    add('another-school', `${F}${school}`, `${full}${other}`, false);
    add('neighbouring-number', (i % 2 === 0 ? toTraditional : String)(`${cityNow}${now.name}第${'三五七'[i % 3]}中学`), `${full}第${'四六八'[i % 3]}中学`, false);
    add('school-type', `${F}${school.replace(/(小学|中学|幼儿园|学校)$/u, '')}${school.endsWith('小学') ? '中学' : '小学'}`, `${full}${school}`, false);
    add('former-school-name', `${now.name}${oldName}`, `${full}${newName}`, false);
    add('other-county', `${cityNow}${y.name}${school}`, `${full}${school}`, false);
    add('former-name-of-other-county', (i % 2 === 0 ? String : toTraditional)(`${g.record.name}${school}`), `${full}${school}`, false);
    add('other-county-vs-registry-county', `${y.name}${school}`, school, false);
  });
  return out;
}
