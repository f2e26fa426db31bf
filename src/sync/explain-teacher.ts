import type { Policy } from '../config/config.js';
import type { Problem } from '../core/types.js';
import { explainTeacher, type ExplainedLink, type ExplainedRecord, type LastRunFacts, type TeacherExplanation } from '../core/teacher-explanation.js';
import type { PiiCipher } from '../crypto/pii-cipher.js';
import type { Repositories } from '../db/repositories.js';
import type { AccountLinkRow } from '../db/repositories/account-link.repository.js';
import type { PlanTeacherRow, TeacherRow } from '../db/repositories/teacher.repository.js';
import { desiredHash } from './desired-hash.js';
import { accountOf, linksForPeople, personLink } from './plan.phase.js';
import { rolloutPlanOf } from './rollout.js';

/** Runs whose plan was made and pushed: the last of them is what the teacher's account shows. */
const PLANNED_RUN_STATUSES = ['succeeded', 'partial', 'stopped'] as const;

export interface ExplainDeps {
  repos: Repositories;
  cipher: PiiCipher;
  policy: Pick<Policy, 'campus' | 'rollout'>;
  clock: () => number;
}

function storedProblems(json: string | null): Problem[] {
  return json === null ? [] : (JSON.parse(json) as Problem[]).map((p) => ({ code: p.code, detail: p.detail }));
}

function explainedRecord(plan: PlanTeacherRow, full: TeacherRow | undefined): ExplainedRecord {
  return {
    teacherId: plan.teacher_id, valid: plan.valid === 1, gone: plan.gone === 1, status: plan.status, updatedAtMs: Number(plan.updated_at_ms),
    institutionCode: plan.institution_code, institutionName: plan.institution_name, countyCode: plan.county_code, idNumberMasked: plan.id_number_masked,
    payloadMac: plan.payload_mac, name: full?.name ?? null, idType: full?.id_type ?? null, gender: full?.gender ?? null, problems: storedProblems(full?.problems ?? null),
  };
}

function explainedLink(l: AccountLinkRow): ExplainedLink {
  return { ...personLink(l), accountId: l.account_id, username: l.username, pushedRunId: Number(l.pushed_run_id), pushedAtMs: Number(l.pushed_at_ms) };
}

/** What the newest finished sync recorded of these teachers. */
async function lastRunOf(repos: Repositories, teacherIds: readonly string[], teacherId: string, externalId: string | null): Promise<LastRunFacts | null> {
  const run = await repos.runs.latestSyncWithStatus(PLANNED_RUN_STATUSES);
  if (!run) return null;
  const items = await repos.plan.forTeachers(run.id, teacherIds);
  const item = items.find((i) => i.teacher_id === teacherId) ?? items.find((i) => i.external_id === externalId) ?? null;
  const problems = await repos.problems.forTeachers(run.id, teacherIds);
  return {
    runId: run.id, mode: run.mode, status: run.status, startedAtMs: run.startedAtMs,
    planned: item && { action: item.action, schoolId: item.school_id, state: item.state, resultStatus: item.result_status, resultCode: item.result_code },
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
  const group = await repos.teachers.groups([own.group_key]);
  const full = await repos.teachers.byIds(group.map((r) => r.teacher_id));
  const links = await linksForPeople(repos, [own.group_key], [group]);
  const link = (await accountOf(repos, group, links)) ?? null;
  const codes = [...new Set(group.map((r) => r.institution_code).filter((c): c is string => c !== null))];
  const assignments = [...(await repos.assignments.byTeacherIds(group.map((r) => r.teacher_id))).values()];
  const schools = new Map((await Promise.all(codes.map((c) => repos.schools.forCode(c)))).flat().map((s) => [s.schoolId, s]));
  const others = [link?.school_id, ...assignments.map((a) => a.schoolId)].filter((id): id is string => id !== undefined && !schools.has(id));
  for (const s of (await repos.schools.byIds(others)).values()) schools.set(s.schoolId, s);
  return explainTeacher({
    teacherId, records: group.map((r) => explainedRecord(r, full.get(r.teacher_id))), isIdentity: !own.group_key.startsWith('q:'),
    link: link && explainedLink(link), registry: await repos.registry.byCodes(codes), schools: [...schools.values()], assignments,
    rule: { explicit: deps.policy.campus.explicit }, rollout: rolloutPlanOf(deps.policy), nowMs: deps.clock(),
    hashOf: (payloadMac, schoolId, status) => desiredHash(deps.cipher, payloadMac, schoolId, status),
    lastRun: await lastRunOf(repos, group.map((r) => r.teacher_id), teacherId, link?.external_id ?? null),
  });
}
