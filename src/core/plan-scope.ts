/**
 * When a run may re-plan only the people who changed, and when it must walk everyone.
 *
 * Re-planning only what changed is sound when the last run left every other person exactly where
 * its plan put them: it was a sync (not a reconciliation on its own) that succeeded — every change
 * pushed, none failed, none held back by the safety limit — and what a plan is made from besides
 * the people themselves (the student-record schools, the policy, which rollout waves are live, the
 * key) is the same. Then an untouched person's plan would come out as it did, and what it said is
 * carried: their problems and their standing. Anything else walks everyone, and so does a run
 * when the last walk of everyone is older than the policy allows, or when asked.
 */

export type PlanScope = 'all' | 'changed';

/** What a run's plan leaves for the next one (kept with the run). */
export interface PlanMemory {
  scope: PlanScope;
  /** Keyed fingerprint of everything besides the people that a plan is made from. */
  planBasis: string;
  /** Keyed fingerprint of everything besides the entered schools that the findings are made from. */
  findingsBasis: string;
  /** The last audit entry the plan had read: later ones name people to re-plan. */
  auditMark: number;
  /** When the last plan that walked everyone was made (this one's start when it did). */
  walkedAllAtMs: number;
  /** People (groups of records) this plan decided on. */
  walked: number;
  /** Whether the findings were carried from the run before instead of made again. */
  findingsCarried: boolean;
  /**
   * Keyed fingerprint of the entered schools the findings were made from (each code, name and
   * county with its count of teachers); absent in runs recorded before it was kept.
   */
  enteredSchoolsDigest?: string;
}

export interface PreviousRun {
  mode: 'full' | 'delta' | 'reconcile';
  status: string;
  memory: PlanMemory | null;
}

export interface ScopeInput {
  /** The run before this one, of any kind; null when this is the first. */
  previous: PreviousRun | null;
  planBasis: string;
  nowMs: number;
  /** Walk everyone at least this often; 0: always. */
  replanAllEveryMs: number;
  /** Asked to walk everyone (`--replan-all`). */
  replanAll: boolean;
}

export interface ScopeVerdict {
  scope: PlanScope;
  /** Why everyone is walked; null when only the changed are. */
  reason: string | null;
}

export function choosePlanScope(input: ScopeInput): ScopeVerdict {
  const all = (reason: string): ScopeVerdict => ({ scope: 'all', reason });
  const p = input.previous;
  if (input.replanAll) return all('asked to re-plan everyone');
  if (input.replanAllEveryMs <= 0) return all('the policy re-plans everyone on every run');
  if (p === null) return all('first run');
  if (p.mode === 'reconcile') return all('the last run was a reconciliation');
  if (p.status !== 'succeeded') return all(`the last run ended ${p.status}`);
  if (p.memory === null) return all('the last run left no plan to build on');
  if (p.memory.planBasis !== input.planBasis) return all('the schools, the policy, the live rollout waves or the key changed');
  if (input.nowMs - p.memory.walkedAllAtMs >= input.replanAllEveryMs) return all('everyone is re-planned at least this often');
  return { scope: 'changed', reason: null };
}

/**
 * The findings of the run before stand when that run's findings were made from the same registry,
 * schools and policy, and no record came, went or changed the school it entered since.
 */
export function mayCarryFindings(previous: PreviousRun | null, findingsBasis: string, enteredSchoolsChanged: boolean): boolean {
  if (previous === null || enteredSchoolsChanged) return false;
  if (previous.mode === 'reconcile' || previous.status !== 'succeeded' || previous.memory === null) return false;
  return previous.memory.findingsBasis === findingsBasis;
}

/**
 * The findings are a function of the entered schools and of what `findingsBasis` fingerprints: when
 * both are what the run before made its findings from, its findings are what this run would make.
 * Unlike `mayCarryFindings` this rests on no account of what changed, so a run that plans
 * everyone may carry them too.
 */
export function sameFindingsInputs(previous: PreviousRun | null, findingsBasis: string, enteredSchoolsDigest: string): boolean {
  if (previous === null || previous.mode === 'reconcile' || previous.status !== 'succeeded' || previous.memory === null) return false;
  return previous.memory.findingsBasis === findingsBasis && previous.memory.enteredSchoolsDigest === enteredSchoolsDigest;
}

/** What a person was left as by a plan: counted as a change, unchanged, held back, or not counted. */
export type Standing = 'create' | 'update' | 'move' | 'disable' | 'unchanged' | 'held' | 'none';

/** The standings kept in `plan_hold`: those an account link cannot tell. */
export type KeptStanding = 'unchanged' | 'held' | 'none';

/**
 * What is kept of a person's standing for the next plan, given whether an account carries their
 * identity. A change pushed without failure leaves them unchanged with an account of their
 * identity, as the link says; so does an unchanged person with one. Only the rest is kept.
 */
export function standingToKeep(standing: Standing, hasIdentityAccount: boolean): KeptStanding | null {
  switch (standing) {
    case 'create':
    case 'update':
    case 'move':
    case 'disable':
      return null;
    case 'unchanged':
      return hasIdentityAccount ? null : 'unchanged';
    case 'held':
      return 'held';
    case 'none':
      return hasIdentityAccount ? 'none' : null;
  }
}

/** A person's standing after the last plan, from what was kept and whether an account carries their identity. */
export function standingBefore(kept: KeptStanding | undefined, hasIdentityAccount: boolean): 'unchanged' | 'held' | 'none' {
  return kept ?? (hasIdentityAccount ? 'unchanged' : 'none');
}
