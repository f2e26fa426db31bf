import { describe, expect, it } from 'vitest';
import type { AccountLink } from '../../src/core/account-link.js';
import type { PersonAssignment } from '../../src/core/person-decision.js';
import {
  accountOf, borrowedToCheck, externalIdsToRead, groupRecords, identitiesToCheck, indexLinks, keepStandings, planChunk, restandChanged,
  type PlanRecord, type PlanRules, type StandingCounts,
} from '../../src/core/plan-decision.js';
import type { KeptStanding, Standing } from '../../src/core/plan-scope.js';
import type { TargetSchool } from '../../src/core/types.js';

const CODE = '2133010001';
const NOW = Date.UTC(2026, 10, 20);
const ID_A = 'mac-identity-a';
const ID_B = 'mac-identity-b';
const hashOf = (mac: string | null, schoolId: string, status: string) => `${mac ?? '-'}|${schoolId}|${status}`;

const school = (schoolId: string, extra: Partial<TargetSchool> = {}): TargetSchool => ({
  schoolId, institutionCode: CODE, name: '杭州市胜利小学', campusName: null, countyCode: '330102', status: 'active', ...extra,
});

const rec = (teacherId: string, groupKey: string, extra: Partial<PlanRecord> = {}): PlanRecord => ({
  teacherId, groupKey, valid: true, gone: false, status: 'active', updatedAtMs: NOW - 1000, institutionCode: CODE, institutionName: '杭州市胜利小学',
  countyCode: '330102', idNumberMasked: '330102********123X', payloadMac: `mac-${teacherId}`, linkExternalId: null, ...extra,
});

const link = (externalId: string, identityMac: string, extra: Partial<AccountLink> = {}): AccountLink => ({
  externalId, teacherId: externalId, identityMac, accountId: `A-${externalId}`, username: null, schoolId: 'S1', status: 'active',
  pushedHash: hashOf(`mac-${externalId}`, 'S1', 'active'), choiceReason: 'only-school', pushedRunId: 1, pushedAtMs: NOW - 5000, ...extra,
});

function rules(over: { schools?: TargetSchool[]; assignments?: PersonAssignment[]; live?: boolean } = {}): PlanRules {
  const schools = over.schools ?? [school('S1')];
  const assignments = new Map((over.assignments ?? []).map((a) => [a.teacherId, a]));
  return {
    schoolsForCode: (code) => schools.filter((s) => s.institutionCode === code), schoolById: (id) => schools.find((s) => s.schoolId === id),
    assignmentFor: (id) => assignments.get(id), rule: { explicit: {} }, isLive: () => over.live ?? true, hashOf,
  };
}

function plan(groups: PlanRecord[][], links: AccountLink[], over: Parameters<typeof rules>[0] & { inUse?: string[] } = {}) {
  return planChunk({ runId: 7, nowMs: NOW, rules: rules(over), groups, links: indexLinks(links), identitiesInUse: new Set(over.inUse ?? []) });
}

describe('the account a person follows', () => {
  const corrected = link('T1', ID_B);
  it.each([
    ['the link of its identity', [rec('T1', ID_A)], [link('T9', ID_A)], [], 'T9'],
    ['none, with no link at all', [rec('T1', ID_A)], [], [], undefined],
    ['the link its record names, when no one holds that identity (a corrected ID number)', [rec('T1', ID_A, { linkExternalId: 'T1' })], [corrected], [], 'T1'],
    ['none, when someone else still holds the identity of the link its record names', [rec('T1', ID_A, { linkExternalId: 'T1' })], [corrected], [ID_B], undefined],
    ['the link its record names, for a quarantined record, whoever holds that identity', [rec('T1', 'q:T1', { linkExternalId: 'T1' })], [corrected], [ID_B], 'T1'],
    ['not the link of a quarantined key, even if one carried it', [rec('T1', 'q:T1')], [link('T1', 'q:T1')], [], undefined],
    ['the first of its records that names a link', [rec('T1', ID_A, { linkExternalId: 'T5' }), rec('T2', ID_A, { linkExternalId: 'T2' })], [link('T2', ID_B)], [], 'T2'],
  ])('%s', (_label, group, links, inUse, expected) => {
    const found = accountOf(group, indexLinks(links), (id) => inUse.includes(id));
    expect(found?.externalId).toBe(expected);
  });

  it('checks in bulk only the identities a decision depends on', () => {
    const groups = [[rec('T1', ID_A, { linkExternalId: 'T1' })], [rec('T2', 'q:T2', { linkExternalId: 'T2' })], [rec('T3', 'mac-c', { linkExternalId: 'T3' })]];
    const links = indexLinks([link('T1', ID_B), link('T2', 'mac-d'), link('T3', 'mac-c')]);
    expect(identitiesToCheck(groups, links)).toEqual([ID_B]);
  });
});

describe('what a chunk reads', () => {
  it('groups records by person, in the order each first appears', () => {
    const groups = groupRecords([rec('T1', ID_A), rec('T2', ID_B), rec('T3', ID_A)]);
    expect(groups.map((g) => g.map((r) => r.teacherId))).toEqual([['T1', 'T3'], ['T2']]);
  });

  it.each([
    ['nothing the range read answers for', (id: string) => id <= 'X9', []],
    ['the ids outside the range, named or to be created', (id: string) => id === 'T1', ['X9', 'T2']],
  ])('reads by key %s', (_label, known, expected) => {
    expect(externalIdsToRead([[rec('T1', ID_A, { linkExternalId: 'X9' })], [rec('T2', ID_B)]], known)).toEqual(expected);
  });
});

describe('deciding a chunk of people', () => {
  it.each<[string, PlanRecord[], AccountLink[], Parameters<typeof plan>[2], Standing, string | null]>([
    ['a new teacher is created under its own id', [rec('T1', ID_A)], [], {}, 'create', 'T1'],
    ['an account already as pushed is left unchanged', [rec('T1', ID_A)], [link('T1', ID_A)], {}, 'unchanged', null],
    ['a teacher moved to another school of the code is moved', [rec('T1', ID_A)], [link('T1', ID_A)], { schools: [school('S2')] }, 'move', 'T1'],
    ['a teacher that left is disabled', [rec('T1', ID_A, { status: 'left' })], [link('T1', ID_A)], {}, 'disable', 'T1'],
    ['a person whose records are all gone is disabled', [rec('T1', ID_A, { gone: true })], [link('T1', ID_A)], {}, 'disable', 'T1'],
    ['a change in a county not yet live is held', [rec('T1', ID_A)], [], { live: false }, 'held', null],
    ['a code no school carries is held', [rec('T1', ID_A, { institutionCode: '2133019999' })], [], {}, 'held', null],
    ['a quarantined record with no account is nothing to do', [rec('T1', 'q:T1', { valid: false })], [], {}, 'none', null],
  ])('%s', (_label, group, links, over, standing, externalId) => {
    const out = plan([group], links, over);
    expect(out.standings).toEqual([standing]);
    expect(out.items.map((i) => i.externalId)).toEqual(externalId === null ? [] : [externalId]);
    for (const i of out.items) expect(i).toMatchObject({ runId: 7, state: 'pending', resultStatus: null, resultCode: null });
  });

  it('creates under a marked id when the teacher id is another person account', () => {
    const out = plan([[rec('T1', ID_A)]], [link('T1', ID_B)], { inUse: [ID_B] });
    expect(out.items.map((i) => i.externalId)).toEqual([`T1.${ID_A.slice(0, 8)}`]);
  });

  it('says which records of a person are duplicates, and plans the later one', () => {
    const out = plan([[rec('T1', ID_A, { updatedAtMs: NOW - 9000 }), rec('T2', ID_A)]], []);
    expect(out.items.map((i) => i.teacherId)).toEqual(['T2']);
    expect(out.problems.map((p) => [p.teacherId, p.code])).toEqual([['T1', 'DUPLICATE_PERSON']]);
  });

  it('holds the account of a quarantined record and says so', () => {
    const out = plan([[rec('T1', 'q:T1', { valid: false, linkExternalId: 'T1' })]], [link('T1', ID_A)]);
    expect(out.standings).toEqual(['held']);
    expect(out.problems.map((p) => p.code)).toEqual(['ACCOUNT_HELD']);
    expect(out.borrowed).toEqual([ID_A]);
  });

  it('points an unchanged link at the record it now follows', () => {
    const l = link('T1', ID_A, { teacherId: 'T0', pushedHash: hashOf('mac-T1', 'S1', 'active') });
    const out = plan([[rec('T1', ID_A)]], [l]);
    expect(out.standings).toEqual(['unchanged']);
    expect(out.relinked.map((r) => [r.externalId, r.teacherId])).toEqual([['T1', 'T1']]);
    expect(out.repointed).toEqual([{ teacherId: 'T1', externalId: 'T1' }]);
  });

  it('marks an assignment stale when the code changed, with an audit entry', () => {
    const assignment: PersonAssignment = { teacherId: 'T1', schoolId: 'S1', institutionCode: '2133010002', state: 'active', staleReason: null };
    const out = plan([[rec('T1', ID_A)]], [link('T1', ID_A)], { assignments: [assignment] });
    expect(out.staleNow).toEqual([{ teacherId: 'T1', reason: 'stale-code-changed' }]);
    expect(out.audit).toHaveLength(1);
    expect(out.audit[0]).toMatchObject({ atMs: NOW, action: 'stale', teacherId: 'T1', source: 'sync', after: { assignment: { state: 'stale' } } });
    expect(out.audit[0]!.reason).toBe(`run 7: the teacher's institution code changed (2133010002 → ${CODE})`);
  });
});

describe('the standings a plan keeps', () => {
  const zero = (): StandingCounts => ({ create: 0, update: 0, move: 0, disable: 0, unchanged: 0, held: 0 });

  it('counts a chunk and keeps what no link can tell', () => {
    const counts = zero();
    const groups = [[rec('T1', ID_A)], [rec('T2', ID_B)], [rec('T3', 'mac-c')], [rec('T4', 'mac-d')]];
    const kept = keepStandings(groups, ['create', 'unchanged', 'held', 'none'], indexLinks([link('T4', 'mac-d')]), counts);
    expect(counts).toEqual({ ...zero(), create: 1, unchanged: 1, held: 1 });
    expect([...kept]).toEqual([[ID_B, 'unchanged'], ['mac-c', 'held'], ['mac-d', 'none']]);
  });

  it.each<[string, KeptStanding | undefined, boolean, Standing | undefined, Partial<StandingCounts>]>([
    ['unchanged before, moved now', undefined, true, 'move', { unchanged: 9, move: 1 }],
    ['held before, unchanged now', 'held', false, 'unchanged', { unchanged: 11, held: 4 }],
    ['unchanged before, no record left', undefined, true, undefined, { unchanged: 9 }],
    ['nothing before, created now', undefined, false, 'create', { create: 1 }],
  ])('re-planned: %s', (_label, before, hasAccount, now, expected) => {
    const counts = { ...zero(), unchanged: 10, held: 5 };
    const links = indexLinks(hasAccount ? [link('T1', ID_A)] : []);
    restandChanged([ID_A], new Map(before ? [[ID_A, before]] : []), new Map(now ? [[ID_A, now]] : []), links, counts);
    expect(counts).toEqual({ ...zero(), unchanged: 10, held: 5, ...expected });
  });

  it('looks again only at borrowed identities the plan does not decide itself', () => {
    expect(borrowedToCheck([ID_A, ID_B, ID_A], (k) => k === ID_B)).toEqual([ID_A]);
  });
});
