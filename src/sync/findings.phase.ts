import { requireProvinceDivisions } from '../areacodes/area-code-history.js';
import { routeCounty } from '../core/county-routing.js';
import { institutionSuggester, type InstitutionSuggester } from '../core/institution-suggestion.js';
import { classifyEnteredSchool, MISMATCH_KINDS, type MismatchFinding } from '../core/mismatch-finding.js';
import { placeIndex } from '../core/school-name-match.js';
import type { RegistryInstitution } from '../core/types.js';
import type { EnteredSchoolTally } from '../db/ports/entered-school.port.js';
import { toSimplifiedChinese } from '../text/simplified-chinese.js';
import { throwIfAborted, type PhaseContext } from './phase-context.js';

export interface FindingsCounts {
  schools: number;
  findings: number;
}

interface EnteredSchool {
  institutionCode: string | null;
  institutionName: string | null;
  teachers: number;
  /** Teachers per county as given, to name the county most of them gave. */
  counties: Map<string | null, number>;
}

/** One entered school (code + name) over every county its teachers gave. */
function mergeByCodeAndName(rows: readonly EnteredSchoolTally[]): EnteredSchool[] {
  const byKey = new Map<string, EnteredSchool>();
  for (const r of rows) {
    const key = JSON.stringify([r.institutionCode, r.institutionName]);
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { institutionCode: r.institutionCode, institutionName: r.institutionName, teachers: 0, counties: new Map() }));
    s.teachers += r.teachers;
    s.counties.set(r.countyCode, (s.counties.get(r.countyCode) ?? 0) + r.teachers);
  }
  return [...byKey.values()];
}

function mostGiven(counties: Map<string | null, number>): string | null {
  let best: [string | null, number] | null = null;
  for (const entry of counties) {
    if (entry[0] === null) continue;
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < (best[0] ?? ''))) best = entry;
  }
  return best?.[0] ?? null;
}

const KIND_ORDER = new Map<string, number>(MISMATCH_KINDS.map((k, i) => [k, i]));

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byCountyKindCode(a: MismatchFinding, b: MismatchFinding): number {
  return cmp(a.countyCode, b.countyCode) || (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    cmp(a.institutionCode, b.institutionCode) || cmp(a.enteredName, b.enteredName);
}

/**
 * Checks every school as entered on the teacher-training platform against the registry and the
 * student-record schools, and stores what is wrong with the run. Reads the registry and schools
 * as pulled by this run and the teachers grouped by entered school, never one teacher at a time
 * (`enteredSchools` when the caller has read them already).
 */
export async function findingsPhase(ctx: PhaseContext, enteredSchools?: readonly EnteredSchoolTally[]): Promise<FindingsCounts> {
  const { deps, repos, runId, signal } = ctx;
  ctx.progress.start('findings', null);
  const history = deps.areaCodes ?? requireProvinceDivisions(deps.policy.province.code);
  const places = placeIndex(history, { fold: toSimplifiedChinese });
  const registryList = await repos.registry.all();
  const registry = new Map<string, RegistryInstitution>(registryList.map((r) => [r.code, r]));
  const carried = new Set<string>();
  for (const [code, schools] of await repos.schools.byCode()) if (schools.some((s) => s.status === 'active')) carried.add(code);
  let suggester: InstitutionSuggester | null = null;
  throwIfAborted(signal);

  const entered = mergeByCodeAndName(enteredSchools ?? (await repos.enteredSchools.list()));
  const findings: MismatchFinding[] = [];
  for (const school of entered) {
    const code = school.institutionCode;
    const reg = code === null ? null : (registry.get(code) ?? null);
    const verdict = classifyEnteredSchool(school, {
      registry: reg, hasTargetSchool: code !== null && carried.has(code), province: history.provinceCode, places,
      categories: deps.policy.institutionCategories, nameThreshold: deps.policy.findings.nameSimilarity,
    });
    if (verdict === null) continue;
    const platformCounty = mostGiven(school.counties);
    const route = routeCounty({ registryCounty: reg?.countyCode ?? null, platformCounty }, history);
    let suggestion: RegistryInstitution | null = null;
    if (verdict.kind !== 'NO_TARGET_SCHOOL') {
      suggester ??= institutionSuggester(registryList, places);
      suggestion = suggester.suggest(school.institutionName, code);
    }
    findings.push({
      countyCode: route.countyCode, platformCountyCode: platformCounty, kind: verdict.kind, institutionCode: code ?? '',
      enteredName: school.institutionName ?? '', registryName: verdict.registryName, registryCountyCode: reg?.countyCode ?? null,
      score: verdict.score, method: verdict.method, teacherCount: school.teachers,
      suggestedCode: suggestion?.code ?? null, suggestedName: suggestion?.name ?? null, detail: verdict.detail,
    });
  }
  findings.sort(byCountyKindCode);
  throwIfAborted(signal);
  await repos.findings.insert(runId, findings);
  ctx.progress.advance(entered.length);
  ctx.progress.finish();
  deps.log.info({ runId, schools: entered.length, findings: findings.length }, 'name and code findings stored');
  return { schools: entered.length, findings: findings.length };
}
