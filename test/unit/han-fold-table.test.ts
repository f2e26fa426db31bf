import { describe, expect, it } from 'vitest';
import { buildHanFoldTable } from '../../src/text/han-fold-table.js';
import { readHanFoldTable } from '../../src/text/simplified-chinese.js';

describe('the character fold table shipped in data/text', () => {
  it('is exactly what OpenCC\'s tables give (npm run gen:han-fold rewrites it)', () => {
    const shipped = readHanFoldTable();
    const built = buildHanFoldTable();
    expect(shipped.size).toBeGreaterThan(2000);
    expect([...shipped].sort()).toEqual([...built].sort());
  });
});
