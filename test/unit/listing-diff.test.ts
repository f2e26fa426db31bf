import { describe, expect, it } from 'vitest';
import { listingChanges } from '../../src/core/listing-diff.js';

interface Row { id: string; name: string }
const key = (r: Row) => r.id;
const same = (a: Row, b: Row) => a.name === b.name;
const stored = (...rows: Row[]) => new Map(rows.map((r) => [r.id, r]));

describe('what a complete listing changes in the stored copy', () => {
  it('writes nothing and names nothing when the listing is what is stored', () => {
    expect(listingChanges([{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }], stored({ id: 'a', name: 'A' }, { id: 'b', name: 'B' }), key, same)).toEqual({ write: [], unlisted: [] });
  });

  it('writes the new and the changed rows, and names the stored ones no longer listed', () => {
    const r = listingChanges([{ id: 'a', name: 'A2' }, { id: 'c', name: 'C' }], stored({ id: 'a', name: 'A' }, { id: 'b', name: 'B' }), key, same);
    expect(r).toEqual({ write: [{ id: 'a', name: 'A2' }, { id: 'c', name: 'C' }], unlisted: ['b'] });
  });

  it('takes the later of a key listed twice, as writing the pages in order would', () => {
    expect(listingChanges([{ id: 'a', name: 'A2' }, { id: 'a', name: 'A' }], stored({ id: 'a', name: 'A' }), key, same).write).toEqual([]);
    expect(listingChanges([{ id: 'a', name: 'A' }, { id: 'a', name: 'A2' }], stored({ id: 'a', name: 'A' }), key, same).write).toEqual([{ id: 'a', name: 'A2' }]);
  });

  it('does not name again a stored row the last listing had already dropped', () => {
    const kept = new Map([['a', { row: { id: 'a', name: 'A' }, listed: false }], ['b', { row: { id: 'b', name: 'B' }, listed: true }]]);
    const r = listingChanges<Row, { row: Row; listed: boolean }>([], kept, key, (x, s) => s.listed && x.name === s.row.name, (s) => s.listed);
    expect(r.unlisted).toEqual(['b']);
  });
});
