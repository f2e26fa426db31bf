import type { Policy } from '../config/config.js';
import type { Problem } from '../core/types.js';
import { explainTeacher, type ExplainedRecord, type LastRunFacts, type TeacherExplanation } from '../core/teacher-explanation.js';
import type { PiiCipher } from '../crypto/pii-cipher.js';
import type { Repositories } from '../db/port.js';
import { isIdentityKey } from '../core/identity.js';
import { accountOf, type PlanRecord } from '../core/plan-decision.js';
import type { StoredTeacher } from '../db/ports/teacher.port.js';
import { desiredHash } from './desired-hash.js';
import { identitiesInUseFor, linksForPeople } from './plan.phase.js';
import { rolloutPlanOf } from './rollout.js';

/** Runs whose plan was made and pushed: the last of them is what the teacher's account shows. */
const PLANNED_RUN_STATUSES = ['succeeded', 'partial', 'stopped'] as const;

export interface ExplainDeps {
  repos: Repositories;
  cipher: PiiCipher;
  policy: Pick<Policy, 'campus' | 'rollout'>;
  clock: () => number;
}

function explainedRecord(plan: PlanRecord, full: StoredTeacher | undefined): ExplainedRecord {
  const problems: Problem[] = (full?.problems ?? []).map((p) => ({ code: p.code, detail: p.detail }));
  return {
    teacherId: plan.teacherId, valid: plan.valid, gone: plan.gone, status: plan.status, updatedAtMs: plan.updatedAtMs, institutionCode: plan.institutionCode,
    institutionName: plan.institutionName, countyCode: plan.countyCode, idNumberMasked: plan.idNumberMasked, payloadMac: plan.payloadMac,
    name: full?.name ?? null, idType: full?.idType ?? null, gender: full?.gender ?? null, problems,
  };
}

/** What the newest finished sync recorded of these teachers. */
async function lastRunOf(repos: Repositories, teacherIds: readonly string[], teacherId: string, externalId: string | null): Promise<LastRunFacts | null> {
  const run = await repos.runs.latestSyncWithStatus(PLANNED_RUN_STATUSES);
  if (!run) return null;
  const items = await repos.plan.forTeachers(run.id, teacherIds);
  const item = items.find((i) => i.teacherId === teacherId) ?? items.find((i) => i.externalId === externalId) ?? null;
  const problems = await repos.problems.forTeachers(run.id, teacherIds);
  return {
    runId: run.id, mode: run.mode, status: run.status, startedAtMs: run.startedAtMs,
    planned: item && { action: item.action, schoolId: item.schoolId, state: item.state, resultStatus: item.resultStatus, resultCode: item.resultCode },
    problems: problems.map((p) => ({ teacherId: p.teacherId ?? '', code: p.code, detail: p.detail })),
  };
}

/**
 * Reads what the plan would read of one teacher's person, and explains it. Null when the teacher
 * is not known (never pulled).
 */
export async function readTeacherExplanation(deps: ExplainDeps, teacherId: string): Promise<TeacherExplanation | null> {
  const { repos } = deps;
  const own = (await repos.teachers.byIds([teacherId])).get(teacherId);
  if (!own) return null;
  const group = await repos.teachers.groups([own.groupKey]);
  const full = await repos.teachers.byIds(group.map((r) => r.teacherId));
  const links = await linksForPeople(repos, [own.groupKey], [group]);
  const inUse = await identitiesInUseFor(repos, [group], links);
  const link = accountOf(group, links, (id) => inUse.has(id)) ?? null;
  const codes = [...new Set(group.map((r) => r.institutionCode).filter((c): c is string => c !== null))];
  const assignments = [...(await repos.assignments.byTeacherIds(group.map((r) => r.teacherId))).values()];
  const schools = new Map((await Promise.all(codes.map((c) => repos.schools.forCode(c)))).flat().map((s) => [s.schoolId, s]));
  const others = [link?.schoolId, ...assignments.map((a) => a.schoolId)].filter((id): id is string => id !== undefined && !schools.has(id));
  for (const s of (await repos.schools.byIds(others)).values()) schools.set(s.schoolId, s);
  return explainTeacher({
    teacherId, records: group.map((r) => explainedRecord(r, full.get(r.teacherId))), isIdentity: isIdentityKey(own.groupKey),
    link, registry: await repos.registry.byCodes(codes), schools: [...schools.values()], assignments,
    rule: { explicit: deps.policy.campus.explicit }, rollout: rolloutPlanOf(deps.policy), nowMs: deps.clock(),
    hashOf: (payloadMac, schoolId, status) => desiredHash(deps.cipher, payloadMac, schoolId, status),
    lastRun: await lastRunOf(repos, group.map((r) => r.teacherId), teacherId, link?.externalId ?? null),
  });
}
