/**
 * Why one teacher is where they are, step by step, as the plan decides it: the record, its checks,
 * the identity group, the school join, the placement, the rollout wave, the difference from what was
 * last pushed, and what the next run does. Built from stored data by the same decision the plan runs
 * (`decidePerson`), so the explanation cannot say something the engine would not do.
 */
import { chooseSchool, type CampusRule } from './campus-choice.js';
import { checkAssignment, type AssignmentVerdict, type StaleReason } from './manual-assignment.js';
import { decidePerson, type DecisionPath, type PersonAssignment, type PersonLink, type PersonRecord } from './person-decision.js';
import { maskPersonName } from './pii-mask.js';
import type { Standing } from './plan-scope.js';
import type { RolloutPlan } from './rollout.js';
import type { AccountAction, Problem, ProblemCode, RegistryInstitution, SchoolChoice, TargetSchool } from './types.js';

/** A stored record of the person, with what an operator may see of it (the ID number masked). */
export interface ExplainedRecord extends PersonRecord {
  name: string | null;
  idType: string | null;
  gender: string | null;
  /** Why the record was quarantined; empty when it passed every check. */
  problems: readonly Problem[];
}

export interface ExplainedLink extends PersonLink {
  accountId: string | null;
  username: string | null;
  pushedRunId: number;
  pushedAtMs: number;
}

export interface ExplainedAssignment extends PersonAssignment {
  reason: string;
  assignedBy: string;
  createdAtMs: number;
}

/** What the last run recorded of the teacher. */
export interface LastRunFacts {
  runId: number;
  mode: string;
  status: string;
  startedAtMs: number;
  /** The change it planned for the teacher's account, and how its push ended; null when none. */
  planned: { action: string; schoolId: string; state: string; resultStatus: number | null; resultCode: string | null } | null;
  problems: readonly { teacherId: string; code: string; detail: string }[];
}

export interface ExplanationInput {
  teacherId: string;
  /** Every record of the teacher's person (the teacher's own among them), or the teacher's alone. */
  records: readonly ExplainedRecord[];
  isIdentity: boolean;
  link: ExplainedLink | null;
  /** Registry entries of the codes the records name. */
  registry: readonly RegistryInstitution[];
  /** Student-record schools of those codes, and of the account and the assignments. */
  schools: readonly TargetSchool[];
  /** Assignments of the person's records. */
  assignments: readonly ExplainedAssignment[];
  rule: CampusRule;
  rollout: RolloutPlan;
  nowMs: number;
  hashOf: (payloadMac: string | null, schoolId: string, status: 'active' | 'disabled') => string;
  lastRun: LastRunFacts | null;
}

export type ValidationField = 'name' | 'idType' | 'idNumber' | 'institutionCode' | 'status' | 'updatedAt' | 'schema';

const FIELD_OF: Partial<Record<ProblemCode, ValidationField>> = {
  NAME_MISSING: 'name', ID_TYPE_UNKNOWN: 'idType', ID_NUMBER_MISSING: 'idNumber', ID_NUMBER_INVALID: 'idNumber',
  CODE_MISSING: 'institutionCode', CODE_MALFORMED: 'institutionCode', STATUS_UNKNOWN: 'status', UPDATED_AT_INVALID: 'updatedAt',
};
export const VALIDATION_FIELDS: readonly ValidationField[] = ['name', 'idType', 'idNumber', 'institutionCode', 'status', 'updatedAt', 'schema'];

export type RecordRole = 'winner' | 'duplicate' | 'quarantined' | 'gone';
export type NextOutcome = Standing;

export interface SchoolView {
  schoolId: string;
  name: string;
  campusName: string | null;
  countyCode: string | null;
  status: 'active' | 'inactive';
}

export interface TeacherExplanation {
  teacherId: string;
  record: {
    teacherId: string; name: string; idType: string | null; idNumberMasked: string | null; gender: string | null;
    institutionCode: string | null; institutionName: string | null; countyCode: string | null; status: string | null; updatedAtMs: number; gone: boolean;
  };
  validation: { valid: boolean; checks: { field: ValidationField; passed: boolean; problems: Problem[] }[] };
  identity: {
    /** False when the record has no usable identity and stands alone. */
    grouped: boolean;
    records: { teacherId: string; updatedAtMs: number; role: RecordRole }[];
    winnerId: string | null;
    role: RecordRole;
  };
  school: {
    institutionCode: string | null;
    registry: { code: string; name: string; countyCode: string; status: 'active' | 'revoked' } | null;
    schools: SchoolView[];
  };
  placement: {
    schoolId: string | null;
    /** only-school, config, campus-named, main-campus, lowest-id, manual, manual-stale; null when none. */
    reason: string | null;
    /** Where the campus rules alone would put the teacher. */
    byRules: SchoolChoice | null;
    assignment: (Omit<ExplainedAssignment, 'staleReason'> & { staleReason: StaleReason | null; verdict: AssignmentVerdict | null }) | null;
  };
  rollout: { countyCode: string | null; wave: string | null; goLiveMs: number | null; live: boolean };
  diff: {
    account: { externalId: string; accountId: string | null; username: string | null; schoolId: string; status: string; choiceReason: string | null; pushedRunId: number; pushedAtMs: number } | null;
    desired: { schoolId: string; status: 'active' | 'disabled' } | null;
    action: AccountAction | null;
    changed: { school: boolean; status: boolean; content: boolean } | null;
  };
  next: { outcome: NextOutcome; path: DecisionPath; heldByRollout: boolean; problems: { teacherId: string; code: ProblemCode; detail: string }[] };
  lastRun: LastRunFacts | null;
}

function schoolView(s: TargetSchool): SchoolView {
  return { schoolId: s.schoolId, name: s.name, campusName: s.campusName, countyCode: s.countyCode, status: s.status };
}

function validationOf(r: ExplainedRecord): TeacherExplanation['validation'] {
  const checks = VALIDATION_FIELDS.map((field) => {
    const problems = r.problems.filter((p) => (FIELD_OF[p.code] ?? 'schema') === field).map((p) => ({ code: p.code, detail: p.detail }));
    return { field, passed: problems.length === 0, problems };
  });
  return { valid: r.valid, checks };
}

function roleOf(r: ExplainedRecord, winnerId: string | null): RecordRole {
  if (r.gone) return 'gone';
  if (!r.valid) return 'quarantined';
  return r.teacherId === winnerId ? 'winner' : 'duplicate';
}

/** Explains one teacher; the teacher must be among `records`. */
export function explainTeacher(input: ExplanationInput): TeacherExplanation {
  const own = input.records.find((r) => r.teacherId === input.teacherId);
  if (!own) throw new Error(`teacher ${input.teacherId} is not among the records given`);
  const byId = new Map(input.schools.map((s) => [s.schoolId, s]));
  const isLive = (schoolId: string, county: string | null) => input.rollout.isLive(byId.get(schoolId)?.countyCode ?? county, input.nowMs);
  const decision = decidePerson({
    records: input.records, isIdentity: input.isIdentity, link: input.link,
    schoolsForCode: (code) => input.schools.filter((s) => s.institutionCode === code), schoolById: (id) => byId.get(id),
    assignmentFor: (id) => input.assignments.find((a) => a.teacherId === id), rule: input.rule, isLive, hashOf: input.hashOf,
  });
  const winnerId = decision.winner?.teacherId ?? null;
  const subject = decision.winner ?? own;
  const code = subject.institutionCode;
  const registry = input.registry.find((i) => i.code === code) ?? null;
  const carrying = input.schools.filter((s) => s.institutionCode === code).sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1));
  const byRules = code === null ? null : chooseSchool({ institutionCode: code, enteredName: subject.institutionName, schools: carrying, rule: input.rule });
  const a = decision.assignment;
  const schoolId = decision.target?.schoolId ?? input.link?.schoolId ?? null;
  const county = (schoolId === null ? undefined : byId.get(schoolId)?.countyCode) ?? subject.countyCode;
  const state = input.rollout.stateOf(county, input.nowMs);
  const link = input.link;
  const target = decision.target;
  return {
    teacherId: input.teacherId,
    record: {
      teacherId: own.teacherId, name: maskPersonName(own.name), idType: own.idType, idNumberMasked: own.idNumberMasked, gender: own.gender,
      institutionCode: own.institutionCode, institutionName: own.institutionName, countyCode: own.countyCode, status: own.status, updatedAtMs: own.updatedAtMs, gone: own.gone,
    },
    validation: validationOf(own),
    identity: {
      grouped: input.isIdentity,
      records: input.records.map((r) => ({ teacherId: r.teacherId, updatedAtMs: r.updatedAtMs, role: roleOf(r, winnerId) })),
      winnerId, role: roleOf(own, winnerId),
    },
    school: {
      institutionCode: code,
      registry: registry && { code: registry.code, name: registry.name, countyCode: registry.countyCode, status: registry.status },
      schools: carrying.map(schoolView),
    },
    placement: {
      schoolId: decision.placement?.schoolId ?? null, reason: decision.placement?.reason ?? null, byRules,
      assignment: a && {
        ...a, staleReason: decision.staleReason,
        verdict: a.state === 'active' ? checkAssignment(a, subject.institutionCode, byId.get(a.schoolId)) : null,
      },
    },
    rollout: { countyCode: county, wave: state.wave?.name ?? null, goLiveMs: state.wave?.goLiveMs ?? null, live: state.live },
    diff: {
      account: link && {
        externalId: link.externalId, accountId: link.accountId, username: link.username, schoolId: link.schoolId, status: link.status,
        choiceReason: link.choiceReason, pushedRunId: link.pushedRunId, pushedAtMs: link.pushedAtMs,
      },
      desired: target && { schoolId: target.schoolId, status: target.status },
      action: decision.action,
      changed: link && target ? { school: link.schoolId !== target.schoolId, status: link.status !== target.status, content: link.pushedHash !== target.hash } : null,
    },
    next: {
      outcome: decision.standing, path: decision.path, heldByRollout: decision.heldByRollout,
      problems: decision.problems.map((p) => ({ teacherId: p.record.teacherId, code: p.code, detail: p.detail })),
    },
    lastRun: input.lastRun,
  };
}
