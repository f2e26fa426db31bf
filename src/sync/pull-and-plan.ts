import type { ReconcileCounts } from '../core/account-reconciliation.js';
import { choosePlanScope, mayCarryFindings, sameFindingsInputs, type PlanMemory } from '../core/plan-scope.js';
import { checkSafetyLimit, safetyLimitApplies } from '../core/safety-limit.js';
import { tablesToAnalyse } from '../core/table-statistics.js';
import type { PreviousSync, RunCounts, RunMode, RunPhase } from '../db/ports/sync-run.port.js';
import { ChangedPeople } from './changed-people.js';
import { findingsPhase } from './findings.phase.js';
import type { PhaseContext } from './phase-context.js';
import { enteredSchoolsDigest, runBasis } from './plan-basis.js';
import { planPhase, type PlanCounts } from './plan.phase.js';
import { pullRegistry } from './pull-registry.phase.js';
import { pullSchools } from './pull-schools.phase.js';
import { pullTeachers, TEACHER_CURSOR } from './pull-teachers.phase.js';
import { reconcilePhase } from './reconcile.phase.js';
import { UpstreamHaltError } from './sync-errors.js';
import { upstreamGuard } from './upstream-guard.js';

export type Timed = <T>(phase: RunPhase, fn: () => Promise<T>) => Promise<T>;

/** Records each phase on the run row as it starts and how long it took. */
export function phaseTimer(ctx: Pick<PhaseContext, 'repos' | 'runId' | 'deps'>): { timed: Timed; phaseMs: Record<string, number> } {
  const phaseMs: Record<string, number> = {};
  const timed: Timed = async (phase, fn) => {
    await ctx.repos.runs.setPhase(ctx.runId, phase);
    const t0 = ctx.deps.clock();
    try {
      return await fn();
    } finally {
      phaseMs[phase] = ctx.deps.clock() - t0;
    }
  };
  return { timed, phaseMs };
}

export interface PullAndPlanInput {
  mode: RunMode;
  cursorMs: number | null;
  allowMassDisable: boolean;
  /** Accept a source that lists far fewer entries than before. */
  allowShrink?: boolean;
  /** Plan everyone, not only the people that changed since the last run. */
  replanAll?: boolean;
  /** Receives the pull's counts. */
  counts: RunCounts;
}

export interface Planned {
  plan: PlanCounts;
  /** Why the safety limit kept every disable back, or null. */
  safetyReason: string | null;
  /** Changes the push will send. */
  planned: number;
  /** What reconciliation with the platform found; null when the run had none (a delta run). */
  reconcile: ReconcileCounts | null;
  /** A source listed much less than before: the run stopped before changing anything (safetyReason says why). */
  halted: boolean;
  /** Whom the plan covered; null when the run halted before planning. */
  scope: PlanScopeSummary | null;
}

/** Whom a run's plan covered, as a summary shows it. */
export interface PlanScopeSummary {
  /** all: every person was planned; changed: only those that changed since the last run. */
  scope: PlanMemory['scope'];
  /** People planned. */
  people: number;
  /** The findings were carried from the last run, nothing they are made from having changed. */
  findingsCarried: boolean;
}

/** Past this many changed people a run plans everyone: as quick by then, and memory stays flat. */
export const CHANGED_PEOPLE_LIMIT = 100_000;

/**
 * Everything a run does before it pushes, the same whether one process runs it all (`sync`) or
 * the push is spread over queue workers: registry, schools, teachers, plan, findings, safety limit.
 * Writes the pull counts into `counts`.
 */
export async function pullAndPlan(
  ctx: PhaseContext,
  input: PullAndPlanInput,
  timed: Timed,
): Promise<Planned> {
  try {
    return await pullAndPlanChecked(ctx, input, timed);
  } catch (e) {
    if (!(e instanceof UpstreamHaltError)) throw e;
    ctx.deps.log.error({ reason: e.reason }, 'a source shrank past the limit: the run stopped before changing anything');
    return { plan: { create: 0, update: 0, move: 0, disable: 0, unchanged: 0, held: 0, walked: 0 }, safetyReason: e.message, planned: 0, reconcile: null, halted: true, scope: null };
  }
}

async function pullAndPlanChecked(
  ctx: PhaseContext,
  input: PullAndPlanInput,
  timed: Timed,
): Promise<Planned> {
  const { deps, repos, runId } = ctx;
  const log = deps.log;
  const guard = upstreamGuard(deps, Boolean(input.allowShrink));
  await timed('registry', () => pullRegistry(ctx, guard));
  await timed('schools', () => pullSchools(ctx, guard));

  const overlapMs = deps.policy.sync.deltaOverlapMinutes * 60_000;
  const since = input.mode === 'delta' && input.cursorMs !== null ? input.cursorMs - overlapMs : null;
  const listedBefore = input.mode === 'full' ? await repos.teachers.countListed() : 0;
  const changed = new ChangedPeople(CHANGED_PEOPLE_LIMIT);
  const pull = await timed('teachers', () => pullTeachers(ctx, { updatedSinceMs: since, changed }));
  input.counts.pulled = pull.pulled;
  input.counts.quarantined = pull.quarantined;
  // What the plan reads next is chosen from the teacher table's statistics: a bulk write outdates them.
  await repos.statistics.refresh(tablesToAnalyse('pull', pull.written));
  if (input.mode === 'full') {
    // Before anyone is marked gone: a full pull that lists far fewer teachers than before is not believed.
    guard('teacher-training platform, full pull', listedBefore, pull.pulled);
    const goneKeys = await repos.teachers.unseenGroupKeys(pull.listed.unlisted(), CHANGED_PEOPLE_LIMIT);
    if (goneKeys.length > 0) {
      // The look-up stops past the limit: more may be gone than were read.
      if (goneKeys.length > CHANGED_PEOPLE_LIMIT) changed.overflow();
      else changed.addAll(goneKeys);
      changed.enteredSchoolsChanged = true;
      const gone = await repos.teachers.markUnseenGone(pull.listed.unlisted());
      log.info({ gone }, 'teachers no longer listed by the teacher-training platform');
    }
  }
  if (pull.maxUpdatedAtMs !== null) await repos.cursors.advance(TEACHER_CURSOR, pull.maxUpdatedAtMs, runId);

  // A full run also sets what the platform really holds against the links, before planning: a
  // person's campus move is adopted, a missing account is pushed again, a hand-made one is linked.
  let reconcile: ReconcileCounts | null = null;
  if (input.mode === 'full') {
    reconcile = await timed('reconcile', () => reconcilePhase(ctx, { repair: false, changed }));
    await repos.runs.setReconcile(runId, reconcile);
  }

  const { plan, memory, previous } = await timed('plan', () => planWhatChanged(ctx, changed, Boolean(input.replanAll)));
  await repos.statistics.refresh(tablesToAnalyse('plan', plan.create + plan.update + plan.move + plan.disable + (memory.scope === 'all' ? plan.walked : 0)));
  await timed('findings', async () => {
    if (memory.findingsCarried) {
      // No entered school changed (the pull says): they are what the run before counted.
      memory.enteredSchoolsDigest = previous!.memory!.enteredSchoolsDigest;
    } else {
      const entered = await repos.enteredSchools.list();
      memory.enteredSchoolsDigest = enteredSchoolsDigest(ctx, entered);
      // Even a run that plans everyone, or one whose records moved and came back, need not make
      // the findings again when everything they are made from is as the run before had it.
      if (!sameFindingsInputs(previous, memory.findingsBasis, memory.enteredSchoolsDigest)) {
        await findingsPhase(ctx, entered);
        return;
      }
      memory.findingsCarried = true;
    }
    const carried = await repos.findings.carry(previous!.id, runId);
    log.info({ runId, findings: carried, from: previous!.id }, 'nothing the findings are made from changed: carried from the last run');
  });
  await repos.runs.setPlanMemory(runId, memory);

  const { safetyReason, planned } = await applySafetyLimit(ctx, plan, input.allowMassDisable);
  return { plan, safetyReason, planned, reconcile, halted: false, scope: { scope: memory.scope, people: memory.walked, findingsCarried: memory.findingsCarried } };
}

/**
 * Plans the people that changed since the last run when that is sound (see plan-scope.ts), else
 * everyone. Returns the counts and what the next run builds on.
 */
async function planWhatChanged(
  ctx: PhaseContext, changed: ChangedPeople, replanAll: boolean,
): Promise<{ plan: PlanCounts; memory: PlanMemory; previous: PreviousSync | null }> {
  const { deps, repos, runId } = ctx;
  const now = deps.clock();
  const previous = await repos.runs.previous(runId);
  const basis = await runBasis(ctx, now);
  const auditMark = await repos.audit.lastId();
  let verdict = choosePlanScope({ previous, planBasis: basis.plan, nowMs: now, replanAllEveryMs: deps.policy.sync.replanAllEveryDays * 86_400_000, replanAll });
  if (verdict.scope === 'changed') {
    // Assignments made or undone since the last plan move people too.
    const since = previous!.memory!.auditMark;
    changed.addAll(await repos.teachers.groupKeysOf(await repos.audit.teachersBetween(since, auditMark)));
    if (changed.overflowed) verdict = { scope: 'all', reason: `more than ${CHANGED_PEOPLE_LIMIT} people changed` };
  }
  const memory: PlanMemory = {
    scope: verdict.scope, planBasis: basis.plan, findingsBasis: basis.findings, auditMark,
    walkedAllAtMs: verdict.scope === 'all' ? now : previous!.memory!.walkedAllAtMs, walked: 0,
    findingsCarried: verdict.scope === 'changed' && mayCarryFindings(previous, basis.findings, changed.enteredSchoolsChanged),
  };
  let plan: PlanCounts;
  if (verdict.scope === 'changed') {
    const p = previous!.counts;
    deps.log.info({ runId, changed: changed.size, since: previous!.id }, 'planning the people that changed since the last run');
    plan = await planPhase(ctx, {
      changedOnly: {
        groupKeys: changed.sorted(), previousRunId: previous!.id,
        previous: { unchanged: p.unchanged + p.created + p.updated + p.moved + p.disabled, held: p.held },
      },
    });
  } else {
    deps.log.info({ runId, reason: verdict.reason }, 'planning everyone');
    plan = await planPhase(ctx);
  }
  memory.walked = plan.walked;
  return { plan, memory, previous };
}

/**
 * Keeps every disable of the run back when there are more than the safety limit allows (unless
 * overridden). Returns why, and how many changes the push will then send.
 */
export async function applySafetyLimit(ctx: PhaseContext, plan: PlanCounts, allowMassDisable: boolean): Promise<{ safetyReason: string | null; planned: number }> {
  const { deps, repos, runId } = ctx;
  let safetyReason: string | null = null;
  // Counting the managed accounts reads every link: only when the count can decide.
  if (safetyLimitApplies(plan.disable, deps.policy.safety)) {
    const managed = await repos.links.countActive();
    const verdict = checkSafetyLimit({ managedAccounts: managed, plannedDisables: plan.disable }, deps.policy.safety);
    if (!verdict.ok && allowMassDisable) {
      deps.log.warn({ reason: verdict.reason }, 'safety limit overridden by --allow-mass-disable');
    } else if (!verdict.ok) {
      safetyReason = verdict.reason;
      const blocked = await repos.plan.blockAction(runId, 'disable');
      deps.log.error({ reason: verdict.reason, blocked }, 'safety limit: no account disabled in this run');
    }
  }
  return { safetyReason, planned: plan.create + plan.update + plan.move + (safetyReason ? 0 : plan.disable) };
}
