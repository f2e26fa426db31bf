import { describe, expect, it } from 'vitest';
import { ChangedPeople } from '../../src/sync/changed-people.js';

describe('the people a run changed', () => {
  it('names each once, in key order', () => {
    const c = new ChangedPeople(10);
    c.addAll(['b', 'a', 'b', 'c']);
    expect(c.sorted()).toEqual(['a', 'b', 'c']);
    expect(c.overflowed).toBe(false);
  });

  it('stops collecting past its limit and says so: the plan then covers everyone', () => {
    const c = new ChangedPeople(3);
    c.addAll(['a', 'b', 'c']);
    expect(c.overflowed).toBe(false);
    c.add('d');
    expect(c.overflowed).toBe(true);
    expect(c.size).toBe(0);
    c.add('e');
    expect(c.sorted()).toEqual([]);
  });
});
