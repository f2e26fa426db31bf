import { describe, expect, it } from 'vitest';
import { toSourceTeacher, toTeacherPage } from '../../src/platforms/teacher-training/teacher-training.mapping.js';

const full = {
  teacherId: 'T00012345', name: '张 三', idType: 'resident_id', idNumber: '33010219800101123x', gender: 'M',
  mobile: '13800000000', email: null, institutionCode: '２１３３０００１２３', institutionName: '杭州市胜利小学（钱江校区）',
  countyCode: '330102', status: 'active', updatedAt: '2026-11-20T10:00:00+08:00',
};

describe('teacher record mapping', () => {
  it('keeps the contract example as sent, untrimmed, ignoring unknown fields', () => {
    expect(toSourceTeacher({ ...full, name: ' 张 三 ', addedLater: { x: 1 } })).toEqual({ ...full, name: ' 张 三 ' });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['missing fields become null', { teacherId: 'T1' }, { name: null, idNumber: null, status: null, updatedAt: null }],
    ['wrong types become null', { teacherId: 'T1', name: 5, gender: true, email: {}, status: ['active'] }, { name: '5', gender: null, email: null, status: null }],
    ['a 15-digit ID number sent as a number is kept as text', { teacherId: 'T1', idNumber: 330102800101123 }, { idNumber: '330102800101123' }],
    ['an 18-digit ID number sent as a number has lost digits: null', { teacherId: 'T1', idNumber: 330102198001011234 }, { idNumber: null }],
    ['a mobile sent as a number', { teacherId: 'T1', mobile: 13800000000 }, { mobile: '13800000000' }],
    ['empty strings stay empty', { teacherId: 'T1', institutionCode: '', name: '  ' }, { institutionCode: '', name: '  ' }],
    ['a numeric teacherId is taken as text', { teacherId: 12345 }, { teacherId: '12345' }],
  ])('%s', (_label, input, expected) => {
    expect(toSourceTeacher(input)).toMatchObject(expected);
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'T1', 'record is string, not an object'],
    ['an array', [full], 'record is array, not an object'],
    ['null', null, 'record is null, not an object'],
    ['no teacherId', { ...full, teacherId: undefined }, 'teacherId is missing'],
    ['blank teacherId', { ...full, teacherId: '  ' }, 'teacherId is empty'],
    ['teacherId of the wrong type', { ...full, teacherId: { id: 1 } }, 'teacherId is of type object, not a string'],
  ])('rejects a record that is %s', (_label, input, reason) => {
    expect(toSourceTeacher(input)).toEqual({ rejected: true, teacherId: null, reason });
  });

  it('never quotes the ID number in a rejection', () => {
    const page = toTeacherPage([{ ...full, teacherId: null }, full]);
    expect(page.records).toHaveLength(1);
    expect(page.rejected).toHaveLength(1);
    expect(JSON.stringify(page.rejected)).not.toContain('33010219800101123x');
  });
});
