import { createHash } from 'node:crypto';
import { requireProvinceDivisions } from '../areacodes/area-code-history.js';
import type { DivisionHistory } from '../core/county-routing.js';
import type { EnteredSchoolTally } from '../db/ports/entered-school.port.js';
import type { PhaseContext } from './phase-context.js';
import { rolloutPlanOf } from './rollout.js';

/**
 * Keyed fingerprints of what a plan and the findings are made from besides the teachers. Equal
 * fingerprints in two runs mean the same inputs; keyed with the run's key, so a new key also
 * counts as a change (every pushed hash changes with it).
 */

const historyDigests = new WeakMap<DivisionHistory, string>();

function historyDigest(history: DivisionHistory): string {
  let d = historyDigests.get(history);
  if (d === undefined) {
    const h = createHash('sha256');
    for (const [code, records] of [...history.byCode].sort((a, b) => (a[0] < b[0] ? -1 : 1))) h.update(JSON.stringify([code, records]));
    historyDigests.set(history, (d = h.digest('hex')));
  }
  return d;
}

function keyed(ctx: Pick<PhaseContext, 'deps'>, parts: unknown[]): string {
  return ctx.deps.cipher.mac(createHash('sha256').update(JSON.stringify(parts)).digest('hex'));
}

async function schoolsDigest(repos: PhaseContext['repos']): Promise<string> {
  const h = createHash('sha256');
  for (const s of await repos.schools.all()) h.update(JSON.stringify([s.schoolId, s.institutionCode, s.name, s.campusName, s.countyCode, s.status]));
  return h.digest('hex');
}

async function registryDigest(repos: PhaseContext['repos']): Promise<string> {
  const h = createHash('sha256');
  const registry = (await repos.registry.all()).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const r of registry) h.update(JSON.stringify([r.code, r.name, r.countyCode, r.category, r.status]));
  return h.digest('hex');
}

/**
 * For the plan: the student-record schools, the campus rules, the rollout waves and which of them
 * are live now. For the findings: the registry, the schools the student-record platform carries,
 * the rules of the findings, the division-code history.
 */
export async function runBasis(ctx: Pick<PhaseContext, 'deps' | 'repos'>, nowMs: number): Promise<{ plan: string; findings: string }> {
  const { policy } = ctx.deps;
  const schools = await schoolsDigest(ctx.repos);
  const live = rolloutPlanOf(policy).waves.map((w) => nowMs >= w.goLiveMs);
  const history = ctx.deps.areaCodes ?? requireProvinceDivisions(policy.province.code);
  return {
    plan: keyed(ctx, ['plan', schools, policy.campus, policy.rollout, live]),
    findings: keyed(ctx, ['findings', await registryDigest(ctx.repos), schools, policy.province.code, policy.institutionCategories, policy.findings.nameSimilarity, historyDigest(history)]),
  };
}

/** The entered schools as the findings read them, fingerprinted in a fixed order (keyed like the bases). */
export function enteredSchoolsDigest(ctx: Pick<PhaseContext, 'deps'>, rows: readonly EnteredSchoolTally[]): string {
  const lines = rows.map((r) => JSON.stringify([r.institutionCode, r.institutionName, r.countyCode, r.teachers])).sort();
  const h = createHash('sha256');
  for (const line of lines) h.update(line).update('\n');
  return ctx.deps.cipher.mac(h.digest('hex'));
}
