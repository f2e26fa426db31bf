import { describe, expect, it } from 'vitest';
import { RolloutPlan } from '../../src/core/rollout.js';
import { explanationLines } from '../../src/core/teacher-explanation-text.js';
import { explainTeacher, type ExplainedAssignment, type ExplainedLink, type ExplainedRecord, type ExplanationInput } from '../../src/core/teacher-explanation.js';
import type { TargetSchool } from '../../src/core/types.js';

const CODE = '2133010001';
const NOW = Date.UTC(2026, 10, 20);
const hashOf = (mac: string | null, schoolId: string, status: string) => `${mac ?? '-'}|${schoolId}|${status}`;

const school = (schoolId: string, campusName: string | null, extra: Partial<TargetSchool> = {}): TargetSchool => ({
  schoolId, institutionCode: CODE, name: '杭州市胜利小学', campusName, countyCode: '330102', status: 'active', ...extra,
});

const record = (teacherId: string, extra: Partial<ExplainedRecord> = {}): ExplainedRecord => ({
  teacherId, valid: true, gone: false, status: 'active', updatedAtMs: NOW - 86_400_000, institutionCode: CODE, institutionName: '杭州市胜利小学',
  countyCode: '330102', idNumberMasked: '330102********123X', payloadMac: `mac-${teacherId}`, name: '王小明', idType: 'resident_id', gender: 'M', problems: [], ...extra,
});

const linkAt = (schoolId: string, extra: Partial<ExplainedLink> = {}): ExplainedLink => ({
  externalId: 'T1', teacherId: 'T1', schoolId, status: 'active', pushedHash: hashOf('mac-T1', schoolId, 'active'), choiceReason: 'only-school',
  accountId: 'A1', username: 'u1', pushedRunId: 3, pushedAtMs: NOW - 3_600_000, ...extra,
});

const assigned = (schoolId: string, extra: Partial<ExplainedAssignment> = {}): ExplainedAssignment => ({
  teacherId: 'T1', schoolId, institutionCode: CODE, state: 'active', staleReason: null, reason: '调往分校区', assignedBy: '王老师', createdAtMs: NOW - 7_200_000, ...extra,
});

function explain(over: Partial<ExplanationInput> = {}) {
  const input: ExplanationInput = {
    teacherId: 'T1', records: [record('T1')], isIdentity: true, link: null, registry: [{ code: CODE, name: '杭州市胜利小学', countyCode: '330102', category: '21', status: 'active' }],
    schools: [school('S1', null)], assignments: [], rule: { explicit: {} }, rollout: new RolloutPlan([]), nowMs: NOW, hashOf, lastRun: null, ...over,
  };
  const e = explainTeacher(input);
  return { e, text: explanationLines(e, (ms) => new Date(ms).toISOString()).map((l) => `${l.title}：${l.text}`).join('\n') };
}

const CAMPUSES = [school('S1', '本部'), school('S2', '钱江校区'), school('S3', '城东校区')];

describe('explaining one teacher', () => {
  it('shows a new teacher at the only school: created, every check passed, the name masked', () => {
    const { e, text } = explain();
    expect(e.record.name).toBe('王**');
    expect(e.validation.valid).toBe(true);
    expect(e.validation.checks.every((c) => c.passed)).toBe(true);
    expect(e.placement).toMatchObject({ schoolId: 'S1', reason: 'only-school' });
    expect(e.next).toMatchObject({ outcome: 'create', path: 'placed' });
    expect(text).toContain('全部通过');
    expect(text).not.toContain('王小明');
  });

  it('keeps a quarantined teacher’s account as it is and names the failed check', () => {
    const problems = [{ code: 'ID_NUMBER_INVALID' as const, detail: 'check character is wrong' }];
    const { e, text } = explain({ records: [record('T1', { valid: false, problems })], isIdentity: false, link: linkAt('S1') });
    expect(e.validation.checks.find((c) => c.field === 'idNumber')).toEqual({ field: 'idNumber', passed: false, problems });
    expect(e.identity).toMatchObject({ grouped: false, role: 'quarantined', winnerId: null });
    expect(e.next).toMatchObject({ outcome: 'held', path: 'quarantined-held', problems: [{ code: 'ACCOUNT_HELD' }] });
    expect(text).toContain('证件号码（ID_NUMBER_INVALID）');
  });

  it('says a quarantined teacher without an account gets nothing', () => {
    const { e } = explain({ records: [record('T1', { valid: false, problems: [{ code: 'CODE_MALFORMED', detail: 'x' }] })], isIdentity: false });
    expect(e.next).toMatchObject({ outcome: 'none', path: 'quarantined-no-account' });
  });

  it('explains a duplicate loser: the later record won and feeds the account', () => {
    const later = record('T2', { updatedAtMs: NOW - 1000, payloadMac: 'mac-T2' });
    const { e, text } = explain({ records: [record('T1'), later], link: linkAt('S1', { teacherId: 'T2', pushedHash: hashOf('mac-T2', 'S1', 'active') }) });
    expect(e.identity).toMatchObject({ grouped: true, winnerId: 'T2', role: 'duplicate' });
    expect(e.identity.records.map((r) => r.role)).toEqual(['duplicate', 'winner']);
    expect(e.next.problems).toEqual([expect.objectContaining({ teacherId: 'T1', code: 'DUPLICATE_PERSON' })]);
    expect(e.next.outcome).toBe('unchanged');
    expect(text).toContain('T2 更新最晚');
  });

  it.each([
    ['config', { explicit: { [CODE]: 'S3' } }, '杭州市胜利小学', 'S3'],
    ['campus-named', { explicit: {} }, '杭州市胜利小学（钱江校区）', 'S2'],
    ['main-campus', { explicit: {} }, '杭州市胜利小学', 'S1'],
  ] as const)('names the campus rule that decided a shared code: %s', (reason, rule, enteredName, schoolId) => {
    const { e, text } = explain({ records: [record('T1', { institutionName: enteredName })], schools: CAMPUSES, rule });
    expect(e.school.schools.map((s) => s.schoolId)).toEqual(['S1', 'S2', 'S3']);
    expect(e.placement).toMatchObject({ schoolId, reason, byRules: { schoolId, reason } });
    expect(text).toContain(`${schoolId} 杭州市胜利小学`);
  });

  it('names the lowest school id when no campus is named and none is the main one', () => {
    const { e, text } = explain({ schools: [school('S9', '城西校区'), school('S4', '城东校区')] });
    expect(e.placement).toMatchObject({ schoolId: 'S4', reason: 'lowest-id' });
    expect(text).toContain('学校编号最小');
  });

  it('shows a manual assignment that holds winning over the rule, and the move it makes', () => {
    const { e, text } = explain({ schools: CAMPUSES, link: linkAt('S1', { choiceReason: 'main-campus' }), assignments: [assigned('S2')] });
    expect(e.placement).toMatchObject({ schoolId: 'S2', reason: 'manual', byRules: { schoolId: 'S1', reason: 'main-campus' }, assignment: { verdict: 'holds', assignedBy: '王老师' } });
    expect(e.diff).toMatchObject({ action: 'move', changed: { school: true, status: false } });
    expect(e.next.outcome).toBe('move');
    expect(text).toContain('人工指定（reassign）');
  });

  it('shows a stale assignment keeping the account where it is, and why it went stale', () => {
    const moved = record('T1', { institutionCode: '2133010002' });
    const schools = [...CAMPUSES, school('S7', null, { institutionCode: '2133010002' })];
    const { e, text } = explain({ records: [moved], schools, link: linkAt('S2', { choiceReason: 'manual', pushedHash: hashOf('mac-T1', 'S2', 'active') }), assignments: [assigned('S2')] });
    expect(e.placement).toMatchObject({ schoolId: 'S2', reason: 'manual-stale', assignment: { verdict: 'stale-code-changed', staleReason: 'stale-code-changed' } });
    expect(e.next).toMatchObject({ outcome: 'unchanged', problems: [{ code: 'ASSIGNMENT_STALE' }] });
    expect(text).toContain('教师的学校标识码已改变');
  });

  it('holds a change for a county whose wave has not gone live', () => {
    const rollout = new RolloutPlan([{ name: '第二批', goLiveMs: NOW + 86_400_000, areas: ['330100'] }]);
    const { e, text } = explain({ rollout });
    expect(e.rollout).toEqual({ countyCode: '330102', wave: '第二批', goLiveMs: NOW + 86_400_000, live: false });
    expect(e.diff.action).toBe('create');
    expect(e.next).toMatchObject({ outcome: 'held', heldByRollout: true });
    expect(text).toContain('尚未上线');
  });

  it('holds a teacher whose code no student-record school carries', () => {
    const { e, text } = explain({ schools: [] });
    expect(e.placement.schoolId).toBeNull();
    expect(e.next).toMatchObject({ outcome: 'held', path: 'no-target-school', problems: [{ code: 'NO_TARGET_SCHOOL' }] });
    expect(text).toContain('NO_TARGET_SCHOOL');
  });

  it('disables the account of a person whose records are all gone', () => {
    const { e } = explain({ records: [record('T1', { gone: true })], link: linkAt('S1') });
    expect(e.identity.role).toBe('gone');
    expect(e.next).toMatchObject({ outcome: 'disable', path: 'gone' });
  });
});

describe('the last run, as the explanation words it', () => {
  it('names the run\'s mode and status in Chinese', () => {
    const { text } = explain({ lastRun: { runId: 7, mode: 'delta', status: 'partial', startedAtMs: NOW, planned: null, problems: [] } });
    expect(text).toContain('第 7 次同步（增量，部分成功，');
    expect(text).not.toMatch(/delta|partial/);
  });
});
