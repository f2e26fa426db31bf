import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../areacodes/area-code-history.js';
import type { TextFold } from '../core/name-normalisation.js';

/**
 * Traditional and variant Han characters folded to the simplified form of mainland China, one
 * character at a time, with the table `npm run gen:han-fold` builds from OpenCC's tables
 * (src/text/han-fold-table.ts says how). The table ships as a data file, so a run loads a few
 * thousand pairs rather than the converter's whole dictionaries; a test checks that the file is
 * exactly what the converter's tables give.
 */
export const HAN_FOLD_FILE = 'data/text/han-fold.json';

export function readHanFoldTable(root: string = packageRoot()): ReadonlyMap<string, string> {
  const pairs = JSON.parse(readFileSync(join(root, HAN_FOLD_FILE), 'utf8')) as Record<string, string>;
  return new Map(Object.entries(pairs));
}

let table: ReadonlyMap<string, string> | null = null;

/**
 * Folds every traditional or variant character of a text to its simplified form; simplified text
 * comes back as it is, without a copy (one look-up per character). The tables are read once per
 * process.
 */
export const toSimplifiedChinese: TextFold = (text) => {
  const characters = (table ??= readHanFoldTable());
  let out: string | null = null;
  let at = 0;
  for (const c of text) {
    const to = characters.get(c);
    if (to !== undefined) out = (out ?? text.slice(0, at)) + to;
    else if (out !== null) out += c;
    at += c.length;
  }
  return out ?? text;
};
