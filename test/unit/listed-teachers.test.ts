import { describe, expect, it } from 'vitest';
import { ListedTeachers } from '../../src/sync/listed-teachers.js';

describe('the records one pull listed, by number', () => {
  it('knows what it was told of, across word edges and past the numbers stored before the pull', () => {
    const listed = new ListedTeachers(70);
    for (const seq of [1, 31, 32, 33, 63, 64, 70]) listed.add(seq);
    listed.add(5_000);
    for (const seq of [1, 31, 32, 33, 63, 64, 70, 5_000]) expect(listed.has(seq)).toBe(true);
    for (const seq of [0, 2, 30, 34, 65, 69, 71, 4_999, 5_001, 1_000_000]) expect(listed.has(seq)).toBe(false);
  });

  it('numbers new records after the highest stored, one each', () => {
    const listed = new ListedTeachers(41);
    expect([listed.numberNew(), listed.numberNew(), listed.numberNew()]).toEqual([42, 43, 44]);
    expect(new ListedTeachers(0).numberNew()).toBe(1);
  });

  it('gives the numbers stored before the pull that it did not list, in chunks, and none of the new ones', () => {
    const listed = new ListedTeachers(100);
    for (let seq = 1; seq <= 100; seq++) if (![3, 32, 64, 65, 99, 100].includes(seq)) listed.add(seq);
    listed.add(listed.numberNew());
    expect([...listed.unlisted(4)]).toEqual([[3, 32, 64, 65], [99, 100]]);
  });

  it('gives nothing when the pull listed everything stored, or nothing was stored', () => {
    const all = new ListedTeachers(3 * 32);
    for (let seq = 1; seq <= 96; seq++) all.add(seq);
    expect([...all.unlisted()]).toEqual([]);
    expect([...new ListedTeachers(0).unlisted()]).toEqual([]);
  });
});
