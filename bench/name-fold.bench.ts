/**
 * `npm run bench:names -- [--names 100000] [--province 33]`
 *
 * What the name comparison costs per name, with and without the traditional → simplified fold:
 * the fold alone, reading a name (its places taken off, its core normalised), and comparing an
 * entered name with the registered one as the findings phase does. Names are generated from the
 * province's division history: today's and former county names, the city with and without 市,
 * short forms, and one in ten written in traditional characters. CPU only; nothing is stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenCC from 'opencc-js';
import { parseAreaCodeHistory } from '../src/areacodes/area-code-history.js';
import { divisionHistory } from '../src/core/county-routing.js';
import { compareSchoolNames, placeIndex, schoolNameReadings, type PlaceIndex } from '../src/core/school-name-match.js';
import { toSimplifiedChinese } from '../src/text/simplified-chinese.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const count = Number(arg('names', '100000'));
const province = arg('province', '33');
const csv = readFileSync(join(import.meta.dirname, '../data/areacodes/areacodes-history.csv'), 'utf8');
const history = divisionHistory(parseAreaCodeHistory(csv).filter((r) => r.code.startsWith(province)));

// Two of these make a school's proper name: thousands of names, nearly all distinct, as the entered schools of a run are.
const PROPER = [...'育才向阳光明晨启春晖德新苗求真博文崇景行致远弘毅红星东方振华英杰敏思睿智仁爱诚信雅正朝旭青松翠柏桂兰梅竹清源泽润'];
const TYPES = ['小学', '中学', '实验小学', '初级中学', '幼儿园', '职业技术学校', '高级中学', '中心小学'];
const SHORT: Readonly<Record<string, string>> = { 实验小学: '实小', 初级中学: '初中', 高级中学: '高中', 职业技术学校: '职校', 中心小学: '中心校' };

// mulberry32: 32-bit integer arithmetic, so the same names on every run.
let seed = 42;
function next(n: number): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
}
const pickOf = <T>(list: readonly T[]): T => list[next(list.length)]!;

const rows = [...history.byCode.values()].flat().filter((r) => r.level === 'county');
const today = rows.filter((r) => r.inUse);
const former = rows.filter((r) => !r.inUse);
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** An entered name and the registered one it means, with the registry's county. */
function namePair(): { entered: string; registered: string; county: string } {
  const county = pickOf(today);
  const school = `${pickOf(PROPER)}${pickOf(PROPER)}${pickOf(TYPES)}`;
  const registered = `${county.city}${county.name}${school}`;
  const r = next(10);
  const old = former.find((f) => f.successors.some((s) => s.code === county.code));
  const type = TYPES.find((t) => school.endsWith(t))!;
  const entered =
    r === 0 ? toTraditional(registered)
    : r === 1 && old ? `${old.name}${school}`
    : r === 2 ? `${county.city.replace(/市$/u, '')}${county.name}${school}`
    : r === 3 && SHORT[type] ? `${county.name}${school.slice(0, -type.length)}${SHORT[type]}`
    : r === 4 ? `${pickOf(today).name}${school}`
    : registered;
  return { entered, registered, county: county.code };
}

const pairs = Array.from({ length: count }, namePair);
const distinct = new Set(pairs.map((p) => p.entered)).size;

const ROUNDS = 7;

/** ns per name of one pass over the names, with a fresh index, so that no name was read before. */
function pass(run: (places: PlaceIndex) => void, fold: boolean): number {
  const places = fold ? placeIndex(history, { fold: toSimplifiedChinese }) : placeIndex(history);
  const start = process.hrtime.bigint();
  run(places);
  return Number(process.hrtime.bigint() - start) / count;
}

/** Median ns per name without and with the fold, the rounds alternating (round 0 warms up). */
function measure(run: (places: PlaceIndex) => void): [number, number] {
  const without: number[] = [];
  const withFold: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const a = pass(run, false);
    const b = pass(run, true);
    if (round > 0) without.push(a), withFold.push(b);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(without), median(withFold)];
}

const line = (label: string, [before, after]: [number, number]) =>
  console.log(`${label.padEnd(40)} ${before.toFixed(0).padStart(7)} ns  ${after.toFixed(0).padStart(7)} ns  ${(after - before).toFixed(0).padStart(6)} ns`);

console.log(`${count.toLocaleString('en')} generated name pairs of province ${province} (${distinct.toLocaleString('en')} distinct entered names), node ${process.version}, median of ${ROUNDS} rounds`);
console.log(`${'per name'.padEnd(40)} ${'no fold'.padStart(10)} ${'with fold'.padStart(10)} ${'cost'.padStart(9)}`);
line('fold alone (traditional → simplified)', [0, measure(() => {
  for (const p of pairs) toSimplifiedChinese(p.entered);
})[1]]);
line('read an entered name', measure((places) => {
  for (const p of pairs) schoolNameReadings(p.entered, places);
}));
line('compare it with the registered name', measure((places) => {
  for (const p of pairs) compareSchoolNames(p.entered, p.registered, { places, registryCounty: p.county });
}));
