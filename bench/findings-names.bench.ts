/**
 * `node --import tsx bench/findings-names.bench.ts [--teachers 200000] [--rounds 7]`
 *
 * The work of the findings phase that the name rules do, without the database: the simulators'
 * world is generated in this process (the same seed as `npm run bench`), its entered schools are
 * merged by code and name as the phase merges them, and each round builds the place index and
 * classifies every entered school, suggesting a code for each finding, exactly as
 * `src/sync/findings.phase.ts` does. Prints the median CPU time and wall time of the rounds. CPU
 * time is what a loaded machine disturbs least, so this is the figure to compare between two
 * versions of the code, run alternately on the same machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAreaCodeHistory } from '../src/areacodes/area-code-history.js';
import { compactText } from '../src/core/compact-text.js';
import { divisionHistory } from '../src/core/county-routing.js';
import { institutionSuggester } from '../src/core/institution-suggestion.js';
import { classifyEnteredSchool } from '../src/core/mismatch-finding.js';
import { tidySchoolName } from '../src/core/name-normalisation.js';
import { placeIndex, type PlaceIndex } from '../src/core/school-name-match.js';
import type { RegistryInstitution } from '../src/core/types.js';
import { generateWorld } from '../src/simulators/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const teachers = Number(arg('teachers', '200000'));
const rounds = Number(arg('rounds', '7'));
const world = generateWorld({ teachers, seed: 42 });
// The simulators' world is one province's (33); its division history, as the phase is given it.
const province = '33';
const csv = readFileSync(join(import.meta.dirname, '../data/areacodes/areacodes-history.csv'), 'utf8');
const history = divisionHistory(parseAreaCodeHistory(csv).filter((r) => r.code.startsWith(province)));
// The fold, where this version of the code has one; an older one read names without it.
const fold = await import('../src/text/simplified-chinese.js').then((m: { toSimplifiedChinese: (s: string) => string }) => m.toSimplifiedChinese, () => null);
const buildPlaces = (): PlaceIndex => (fold ? placeIndex(history, { fold }) : placeIndex(history));

const entered = new Map<string, { institutionCode: string | null; institutionName: string | null }>();
for (const t of world.teachers) {
  const school = { institutionCode: compactText(t.institutionCode ?? null), institutionName: tidySchoolName(t.institutionName ?? null) };
  entered.set(JSON.stringify([school.institutionCode, school.institutionName]), school);
}
const registry = new Map<string, RegistryInstitution>(world.institutions.map((i) => [i.code, i]));
const carried = new Set(world.schools.filter((s) => s.status === 'active').map((s) => s.institutionCode));

function findings(): number {
  const places = buildPlaces();
  let suggester: ReturnType<typeof institutionSuggester> | null = null;
  let found = 0;
  for (const school of entered.values()) {
    const code = school.institutionCode;
    const verdict = classifyEnteredSchool(school, {
      registry: code === null ? null : (registry.get(code) ?? null), hasTargetSchool: code !== null && carried.has(code), province, places,
    });
    if (verdict === null) continue;
    found++;
    if (verdict.kind !== 'NO_TARGET_SCHOOL') {
      suggester ??= institutionSuggester(world.institutions, places);
      suggester.suggest(school.institutionName, code);
    }
  }
  return found;
}

const cpu: number[] = [];
const wall: number[] = [];
let found = 0;
for (let round = 0; round <= rounds; round++) {
  const c0 = process.cpuUsage();
  const w0 = process.hrtime.bigint();
  found = findings();
  const w = Number(process.hrtime.bigint() - w0) / 1e6;
  const c = process.cpuUsage(c0);
  if (round === 0) continue; // warms up the JIT and the character tables
  cpu.push((c.user + c.system) / 1000);
  wall.push(w);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `${teachers.toLocaleString('en')} teachers, ${entered.size.toLocaleString('en')} entered schools, ${world.institutions.length.toLocaleString('en')} institutions, ` +
    `${found.toLocaleString('en')} findings, fold ${fold ? 'on' : 'absent'}: median of ${rounds} rounds CPU ${median(cpu).toFixed(0)} ms, wall ${median(wall).toFixed(0)} ms ` +
    `(CPU min ${Math.min(...cpu).toFixed(0)}, max ${Math.max(...cpu).toFixed(0)})`,
);
