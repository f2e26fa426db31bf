import type { SchoolWire } from '../../src/simulators/index.js';
import type { Harness } from './harness.js';

/** Picks out of a simulated world after a first sync, for tests that need a particular school or teacher. */

/** The schools of the first code that several active student-record schools share, and its busiest one. */
export function sharedCode(h: Harness): { code: string; busiest: SchoolWire; other: SchoolWire } {
  const byCode = new Map<string, SchoolWire[]>();
  for (const s of h.sims.srp.schools().filter((s) => s.status === 'active')) byCode.set(s.institutionCode, [...(byCode.get(s.institutionCode) ?? []), s]);
  const [code, schools] = [...byCode.entries()].find(([, list]) => list.length > 1)!;
  const load = (s: SchoolWire) => h.sims.srp.accounts().filter((a) => a.schoolId === s.schoolId).length;
  const [busiest, other] = [...schools].sort((a, b) => load(b) - load(a));
  return { code, busiest: busiest!, other: other! };
}

/** Active teachers of the training platform whose account sits at this school. */
export function teachersAt(h: Harness, schoolId: string): string[] {
  return h.sims.srp
    .accounts()
    .filter((a) => a.schoolId === schoolId && a.status === 'active' && a.externalId !== null && h.sims.ttp.get(a.externalId)?.status === 'active')
    .map((a) => a.externalId!);
}

/** A code with exactly one active school, other than `except`: a valid code to move a teacher to. */
export function singleSchoolCode(h: Harness, except: string): SchoolWire {
  const active = h.sims.srp.schools().filter((s) => s.status === 'active');
  return active.find((s) => s.institutionCode !== except && active.filter((o) => o.institutionCode === s.institutionCode).length === 1)!;
}
