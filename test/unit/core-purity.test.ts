import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '../../src/core');

/** The core must stay free of I/O so that every rule runs in a unit test without setup. */
describe('src/core', () => {
  const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports only other core files', (file) => {
    const source = readFileSync(join(CORE, file), 'utf8');
    const specifiers = [...source.matchAll(/\b(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    const dynamic = [...source.matchAll(/\bimport\s*\(/g)];
    expect(dynamic).toEqual([]);
    for (const s of specifiers) expect(s).toMatch(/^\.\/[a-z0-9-]+\.js$/);
  });

  it('does not read the clock, randomness or the environment', () => {
    for (const file of files) {
      const source = readFileSync(join(CORE, file), 'utf8');
      expect(source, file).not.toMatch(/Date\.now|new Date\(|Math\.random|process\.|globalThis/);
    }
  });
});
