import { describe, expect, it } from 'vitest';
import { storableTeacherId, supersededEntries, teacherIdProblem } from '../../src/core/teacher-id.js';

describe('a teacherId', () => {
  it.each([
    ['an ordinary id', 'T0001', null, 'T0001'],
    ['64 characters', 'T'.repeat(64), null, 'T'.repeat(64)],
    ['65 characters', 'T'.repeat(65), 'teacherId is 65 characters long, at most 64', null],
    ['empty', '', 'teacherId is empty', null],
  ])('%s', (_label, id, problem, storable) => {
    expect(teacherIdProblem(id)).toBe(problem);
    expect(storableTeacherId(id)).toBe(storable);
  });

  it('none is stored as none', () => {
    expect(storableTeacherId(null)).toBeNull();
  });
});

describe('the later entry of a teacherId listed twice', () => {
  it.each<[string, (string | null)[], number[]]>([
    ['no id twice: nothing superseded', ['A', 'B', 'C'], []],
    ['twice: the earlier one', ['A', 'B', 'A'], [0]],
    ['three times: all but the last', ['A', 'A', 'B', 'A'], [0, 1]],
    ['entries without an id are never superseded', [null, 'A', null], []],
  ])('%s', (_label, ids, superseded) => {
    expect([...supersededEntries(ids, (id) => id)]).toEqual(superseded);
  });
});
