import { describe, expect, it } from 'vitest';
import type { PlanItem } from '../../src/core/plan-item.js';
import { batchFailureCode, classifyAnswers, rebindings, refusalCode, refusalDetail, type PushAnswer, type Rebound } from '../../src/core/push-result.js';

const item = (externalId: string, extra: Partial<PlanItem> = {}): PlanItem => ({
  runId: 4, externalId, teacherId: externalId, identityMac: `mac-${externalId}`, action: 'create', schoolId: 'S1', desiredStatus: 'active',
  desiredHash: `h-${externalId}`, choiceReason: 'only-school', state: 'pending', resultStatus: null, resultCode: null, ...extra,
});
const conflict = (existingExternalId: string | null, existingAccountId = 'A9'): PushAnswer => ({
  status: 409, error: { code: 'IDENTITY_EXISTS', message: 'exists', existingExternalId, existingAccountId },
});

describe('what a refusal says', () => {
  it.each<[string, PushAnswer, string, string]>([
    ['a conflict with an account made by hand', conflict(null), 'PUSH_CONFLICT', 'IDENTITY_EXISTS: this ID number already has account A9 (an account made by hand)'],
    ['a conflict with another external id', conflict('X1'), 'PUSH_CONFLICT', 'IDENTITY_EXISTS: this ID number already has account A9 (external id X1)'],
    ['an unknown school', { status: 404, error: { code: 'SCHOOL_NOT_FOUND', message: 'no such school' } }, 'PUSH_SCHOOL_NOT_FOUND', 'SCHOOL_NOT_FOUND: no such school'],
    ['a field rejected', { status: 422, error: { code: 'INVALID', message: 'bad', field: 'mobile' } }, 'PUSH_VALIDATION_FAILED', 'INVALID: field mobile rejected'],
    ['another status without a body', { status: 500 }, 'PUSH_FAILED', 'platform answered 500'],
    ['a message cut to 500 characters', { status: 400, error: { code: 'BAD', message: 'x'.repeat(600) } }, 'PUSH_FAILED', `BAD: ${'x'.repeat(495)}`],
  ])('%s', (_label, answer, code, detail) => {
    expect(refusalCode(answer.status)).toBe(code);
    expect(refusalDetail(answer)).toBe(detail);
  });

  it.each([
    ['a driver code', 'ECONNRESET', 'ECONNRESET'],
    ['a long code, cut', 'E'.repeat(50), 'E'.repeat(40)],
    ['no code', undefined, 'PUSH_FAILED'],
    ['a code that is not text', 503, 'PUSH_FAILED'],
  ])('a failed batch is recorded with %s', (_label, code, expected) => {
    expect(batchFailureCode(code)).toBe(expected);
  });
});

describe('which refused creates are bound to the account the person already has', () => {
  it.each<[string, PlanItem, PushAnswer, ReturnType<typeof rebindings>]>([
    ['one made by hand: bound by its account id', item('T1'), conflict(null), [{ at: 0, accountId: 'A9', externalId: null }]],
    ['one under another external id: taken over under that id', item('T1'), conflict('X1'), [{ at: 0, accountId: null, externalId: 'X1' }]],
    ['one under its own external id: nothing to bind', item('T1'), conflict('T1'), []],
    ['an update that conflicts: not a create', item('T1', { action: 'update' }), conflict(null), []],
    ['a conflict naming no account', item('T1'), { status: 409, error: { code: 'X', message: 'x' } }, []],
    ['an account taken', item('T1'), { status: 201, accountId: 'A1' }, []],
  ])('%s', (_label, sent, answer, expected) => {
    expect(rebindings([sent], [answer])).toEqual(expected);
  });
});

describe('what a batch answers come to', () => {
  const placeOf = (teacherId: string) => (teacherId === 'T1' ? { institutionCode: '2133010001', countyCode: '330102' } : undefined);
  const classify = (sent: PlanItem[], answers: PushAnswer[], rebound = new Map<number, Rebound>()) =>
    classifyAnswers({ runId: 4, nowMs: 1000, sent, answers, rebound, placeOf });

  it('links every account taken, and marks its item done', () => {
    const out = classify([item('T1'), item('T2', { action: 'update' })], [{ status: 201, accountId: 'A1', username: 'u1' }, { status: 200 }]);
    expect(out).toMatchObject({ pushed: 2, failed: 0, problems: [] });
    expect(out.links[0]).toEqual({
      externalId: 'T1', teacherId: 'T1', identityMac: 'mac-T1', accountId: 'A1', username: 'u1', schoolId: 'S1', status: 'active',
      pushedHash: 'h-T1', choiceReason: 'only-school', pushedRunId: 4, pushedAtMs: 1000,
    });
    expect(out.outcomes).toEqual([{ externalIds: ['T1'], state: 'done', status: 201, code: null }, { externalIds: ['T2'], state: 'done', status: 200, code: null }]);
  });

  it('groups refusals by answer, each with its problem where the teacher is', () => {
    const refused: PushAnswer = { status: 422, error: { code: 'INVALID', message: 'x', field: 'name' } };
    const out = classify([item('T1'), item('T2')], [refused, refused]);
    expect(out).toMatchObject({ pushed: 0, failed: 2, links: [] });
    expect(out.outcomes).toEqual([{ externalIds: ['T1', 'T2'], state: 'failed', status: 422, code: 'INVALID' }]);
    expect(out.problems.map((p) => [p.teacherId, p.code, p.institutionCode])).toEqual([['T1', 'PUSH_VALIDATION_FAILED', '2133010001'], ['T2', 'PUSH_VALIDATION_FAILED', null]]);
  });

  it.each([
    ['made by hand, bound under the item id', 'T1', 'account A9 made by hand on the student-record platform is this teacher\'s; it is used, not duplicated'],
    ['under another external id, linked under that id', 'X1', 'account A9 (external id X1) on the student-record platform is this teacher\'s; it is used, not duplicated'],
  ])('an account the person already had, %s', (_label, externalId, detail) => {
    const rebound = new Map([[0, { externalId, result: { status: 200, accountId: 'A9' } }]]);
    const out = classify([item('T1')], [conflict(externalId === 'T1' ? null : externalId)], rebound);
    expect(out.links.map((l) => l.externalId)).toEqual([externalId]);
    expect(out.outcomes).toEqual([{ externalIds: ['T1'], state: 'done', status: 200, code: null }]);
    expect(out.problems.map((p) => [p.code, p.detail])).toEqual([['ACCOUNT_LINKED', detail]]);
  });

  it('keeps the first refusal when binding was refused too', () => {
    const rebound = new Map([[0, { externalId: 'X1', result: conflict('X2') }]]);
    const out = classify([item('T1')], [conflict('X1')], rebound);
    expect(out).toMatchObject({ pushed: 0, failed: 1, links: [] });
    expect(out.problems.map((p) => p.code)).toEqual(['PUSH_CONFLICT']);
  });
});
