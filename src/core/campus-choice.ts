import type { SchoolChoice, TargetSchool } from './types.js';

/** Choices made by hand in config, for codes where no rule picks the right campus. */
export interface CampusRule {
  /** institutionCode → schoolId. */
  explicit: Readonly<Record<string, string>>;
}

// Brackets schools put around the campus in their name: 南京市胜利小学（仙林校区）.
const NOISE = /[\s\u200B-\u200D\u2060\uFEFF()（）【】[\]〔〕]/gu;
// Words that mean "campus"; "钱江校区" is also written as plain "钱江".
const CAMPUS_SUFFIX = /(校区|分校|校部|院区)$/u;
// A campus called just "本部" or with none named is the main one.
const MAIN_CAMPUS = /本部|主校区/u;

function squash(text: string): string {
  return text.normalize('NFKC').replace(NOISE, '');
}

function byId(a: TargetSchool, b: TargetSchool): number {
  return a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0;
}

/** Texts that, found in the entered name, mean the teacher named this campus. */
function campusTexts(campusName: string | null): string[] {
  const campus = squash(campusName ?? '');
  if (campus === '') return [];
  const bare = campus.replace(CAMPUS_SUFFIX, '');
  return bare !== campus && [...bare].length >= 2 ? [campus, bare] : [campus];
}

function campusNamed(enteredName: string | null, schools: readonly TargetSchool[]): TargetSchool | null {
  const entered = squash(enteredName ?? '');
  if (entered === '') return null;
  let best: { school: TargetSchool; length: number } | null = null;
  for (const school of schools) {
    const matched = campusTexts(school.campusName).filter((t) => entered.includes(t));
    if (matched.length === 0) continue;
    const length = Math.max(...matched.map((t) => [...t].length));
    if (!best || length > best.length || (length === best.length && byId(school, best.school) < 0)) best = { school, length };
  }
  return best?.school ?? null;
}

function isMainCampus(school: TargetSchool): boolean {
  const campus = squash(school.campusName ?? '');
  return campus === '' || MAIN_CAMPUS.test(campus);
}

/**
 * Picks the school (campus) a teacher's account belongs to when several schools on the
 * student-record platform share one institution code. Every step is deterministic so that two
 * runs over the same data never move an account back and forth.
 */
export function chooseSchool(input: {
  institutionCode: string;
  enteredName: string | null;
  schools: readonly TargetSchool[];
  rule: CampusRule;
}): SchoolChoice | null {
  const active = input.schools
    .filter((s) => s.status === 'active' && s.institutionCode === input.institutionCode)
    .sort(byId);
  const [first] = active;
  if (first === undefined) return null;
  if (active.length === 1) return { schoolId: first.schoolId, reason: 'only-school' };

  const configured = Object.hasOwn(input.rule.explicit, input.institutionCode) ? input.rule.explicit[input.institutionCode] : undefined;
  if (configured !== undefined && active.some((s) => s.schoolId === configured)) return { schoolId: configured, reason: 'config' };

  const named = campusNamed(input.enteredName, active);
  if (named) return { schoolId: named.schoolId, reason: 'campus-named' };

  const main = active.find(isMainCampus);
  if (main) return { schoolId: main.schoolId, reason: 'main-campus' };

  return { schoolId: first.schoolId, reason: 'lowest-id' };
}
