import { cityOf, currentDivision, currentRecord, type DivisionHistory } from './county-routing.js';

/**
 * Who may do what in the web console: a function of the person (their grants, mapped from the
 * identity provider's claims), the place (the province, an area, a school) and the action. Every
 * console route asks it on the server before it reads or writes.
 */

/** 省级运维: everything, everywhere. */
export interface ProvinceGrant {
  role: 'province';
}

/** 市/区县教育局: read only, over its divisions (a city covers its counties). */
export interface BureauGrant {
  role: 'bureau';
  /** 6-digit division codes (行政区划代码) of cities or counties. */
  areas: readonly string[];
}

/** 学校管理员: the campuses of its own institution codes (学校标识码) that share a code. */
export interface SchoolGrant {
  role: 'school';
  /** 10-digit institution codes. */
  institutions: readonly string[];
}

export type ConsoleGrant = ProvinceGrant | BureauGrant | SchoolGrant;
export type ConsoleRole = ConsoleGrant['role'];

export interface ConsolePerson {
  /** The identity provider's subject: stable, not personal. */
  subject: string;
  /** As the identity provider names the person; shown to the person only. */
  displayName: string;
  grants: readonly ConsoleGrant[];
}

export type ConsoleTarget =
  | { kind: 'province' }
  /** A city or county by its division code (a report's county, or the province's own code). */
  | { kind: 'area'; code: string }
  /** A school by its institution code, with the county it is routed to when known. */
  | { kind: 'school'; institutionCode: string; areaCode?: string | null };

export const CONSOLE_ACTIONS = [
  /** The overview page: runs by status and time. */
  'overview',
  /** Run totals of the whole province and the queue. */
  'operations',
  /** Findings of an area, their trend and download. */
  'findings',
  /** Teachers (masked) of an area or a school. */
  'teachers',
  /** The campuses that share an institution code. */
  'shared-codes',
  'reassign',
  'undo',
  'overrides',
  'audit',
] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

const BUREAU_ACTIONS: ReadonlySet<ConsoleAction> = new Set(['overview', 'findings', 'teachers']);
const SCHOOL_ACTIONS: ReadonlySet<ConsoleAction> = new Set(['shared-codes', 'teachers', 'reassign', 'undo']);

/**
 * Whether a bureau over `bureauArea` covers the division `code`: the same division, or a county of
 * the city, both followed through the history to the codes they have today (a county that moved to
 * another city goes with it; a renamed city keeps its counties).
 */
export function areaCovers(bureauArea: string, code: string, history: DivisionHistory): boolean {
  const own = currentDivision(bureauArea, history) ?? bureauArea;
  const target = currentDivision(code, history) ?? code;
  if (own === target) return true;
  const ownLevel = currentRecord(own, history)?.level;
  const targetLevel = currentRecord(target, history)?.level;
  return ownLevel === 'city' && targetLevel === 'county' && cityOf(target) === own;
}

function grantAllows(grant: ConsoleGrant, target: ConsoleTarget, action: ConsoleAction, history: DivisionHistory): boolean {
  switch (grant.role) {
    case 'province':
      return true;
    case 'bureau': {
      if (!BUREAU_ACTIONS.has(action)) return false;
      if (target.kind === 'province') return action === 'overview';
      const area = target.kind === 'area' ? target.code : target.areaCode;
      return typeof area === 'string' && grant.areas.some((a) => areaCovers(a, area, history));
    }
    case 'school':
      return SCHOOL_ACTIONS.has(action) && target.kind === 'school' && grant.institutions.includes(target.institutionCode);
  }
}

/** Whether the person may do the action on the target: any one grant suffices. */
export function mayAccess(person: ConsolePerson, target: ConsoleTarget, action: ConsoleAction, history: DivisionHistory): boolean {
  return person.grants.some((g) => grantAllows(g, target, action, history));
}

/** Whether the person may do the action somewhere (to show a menu entry). */
export function mayDoAnywhere(person: ConsolePerson, action: ConsoleAction): boolean {
  return person.grants.some((g) => g.role === 'province' || (g.role === 'bureau' ? BUREAU_ACTIONS : SCHOOL_ACTIONS).has(action));
}

/** The divisions a person's bureau grants name; empty for a province operator (who sees all). */
export function bureauAreas(person: ConsolePerson): string[] {
  return [...new Set(person.grants.flatMap((g) => (g.role === 'bureau' ? g.areas : [])))].sort();
}

/** The institution codes a person's school grants name. */
export function schoolInstitutions(person: ConsolePerson): string[] {
  return [...new Set(person.grants.flatMap((g) => (g.role === 'school' ? g.institutions : [])))].sort();
}

export function isProvinceOperator(person: ConsolePerson): boolean {
  return person.grants.some((g) => g.role === 'province');
}

/**
 * The grants that a person's claim values map to; values the mapping does not know give nothing,
 * so a person with none of them has no access at all.
 */
export function grantsOfClaims(values: readonly string[], mapping: Readonly<Record<string, ConsoleGrant>>): ConsoleGrant[] {
  return values.flatMap((v) => (Object.hasOwn(mapping, v) ? [mapping[v] as ConsoleGrant] : []));
}
