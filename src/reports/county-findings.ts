import type { AreaScope } from '../core/area-scope.js';
import { routeCounty, type ProvinceDivisions } from '../core/county-routing.js';
import {
  isPersonProblemCode, PERSON_PROBLEM_CODES, RECORD_PROBLEM_CODES, type MismatchFinding, type PersonProblem,
} from '../core/mismatch-finding.js';
import type { Repositories } from '../db/repositories.js';
import type { PersonProblemRow } from '../db/repositories/person-problem.repository.js';

export interface CountyFindings {
  countyCode: string;
  schools: MismatchFinding[];
  people: PersonProblem[];
}

/** Found by the run itself (the plan and the push); record problems are read from the records. */
const RUN_PROBLEM_CODES = PERSON_PROBLEM_CODES.filter((c) => !RECORD_PROBLEM_CODES.includes(c));

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What each county is to be told about a run: the run's school findings, as routed when they were
 * found, and the person-level problems, routed the same way (the registry county of the entered
 * code, else the county the platform gave, followed to today's division). With a scope, only rows
 * stored under the scope's codes are read: every county routed into the area is complete, and
 * other counties may appear in part (the caller keeps the area's).
 */
export async function collectCountyFindings(
  repos: Repositories, runId: number, history: ProvinceDivisions, scope: AreaScope | null = null,
): Promise<Map<string, CountyFindings>> {
  const out = new Map<string, CountyFindings>();
  const county = (code: string) => {
    let c = out.get(code);
    if (!c) out.set(code, (c = { countyCode: code, schools: [], people: [] }));
    return c;
  };
  for (const f of await repos.findings.forRun(runId, scope ?? undefined)) county(f.countyCode).schools.push(f);

  const rows: PersonProblemRow[] = [
    ...(await repos.personProblems.quarantined(RECORD_PROBLEM_CODES, scope)),
    ...(await repos.personProblems.ofRun(runId, RUN_PROBLEM_CODES, scope)),
  ];
  if (rows.length === 0) return out;
  const registry = scope
    ? await repos.registry.byCodes([...new Set(rows.map((r) => r.institutionCode).filter((c): c is string => c !== null))])
    : await repos.registry.all();
  const registryCounty = new Map(registry.map((r) => [r.code, r.countyCode]));
  const seen = new Set<string>();
  for (const r of rows) {
    if (!isPersonProblemCode(r.code)) continue;
    const key = JSON.stringify([r.teacherId, r.code, r.detail]);
    if (seen.has(key)) continue;
    seen.add(key);
    const route = routeCounty({ registryCounty: (r.institutionCode && registryCounty.get(r.institutionCode)) || null, platformCounty: r.countyCode }, history);
    county(route.countyCode).people.push({
      countyCode: route.countyCode, teacherId: r.teacherId, teacherName: r.teacherName, idNumberMasked: r.idNumberMasked,
      code: r.code, detail: r.detail, institutionCode: r.institutionCode, institutionName: r.institutionName,
    });
  }
  for (const c of out.values()) c.people.sort((a, b) => cmp(a.teacherId, b.teacherId) || cmp(a.code, b.code));
  return out;
}
