import OpenCC from 'opencc-js';
import type { TextFold } from '../core/name-normalisation.js';

/**
 * Traditional and variant Han characters folded to the simplified form of mainland China, from
 * OpenCC's own tables as opencc-js ships them: the Hong Kong and Taiwan variant tables (异体字:
 * 衞 → 衛, 綫 → 線) and the traditional-to-simplified character table (學 → 学, 區 → 区).
 *
 * Only the one-character entries are used, so that a character folds the same way wherever it
 * stands. OpenCC's phrase tables choose by context, which is right for text shown to a reader but
 * not for telling whether two writings are one name: with phrases, 乾縣 becomes 乾县 while the
 * simplified 乾县 itself becomes 干县. One form per character makes both 干县, and the fold of a
 * fold is the fold (asserted by the tests).
 */
function characterTable(groups: readonly (readonly unknown[])[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const group of groups) {
    for (const dict of group) {
      if (typeof dict !== 'string') continue;
      for (const entry of dict.split('|')) {
        const [from, to] = entry.split(' ');
        if (from && to && [...from].length === 1 && [...to].length === 1) table.set(from, to);
      }
    }
  }
  return table;
}

/** The three tables applied in turn (variants first, then traditional → simplified), as one map. */
function composedTable(): ReadonlyMap<string, string> {
  const steps = [OpenCC.Locale.from.hk, OpenCC.Locale.from.tw, OpenCC.Locale.to.cn].map((groups) => characterTable(groups));
  const keys = new Set(steps.flatMap((s) => [...s.keys()]));
  const out = new Map<string, string>();
  for (const key of keys) {
    let c = key;
    // Repeat until nothing changes, so that a chain (variant → traditional → simplified) ends.
    for (let round = 0; round < 4; round++) {
      const before = c;
      for (const step of steps) c = step.get(c) ?? c;
      if (c === before) break;
    }
    if (c !== key) out.set(key, c);
  }
  return out;
}

let table: ReadonlyMap<string, string> | null = null;

/**
 * Folds every traditional or variant character of a text to its simplified form; characters
 * outside the tables, simplified ones included, stay as they are. The tables are read once per
 * process; a text with nothing to fold is returned as it is, without a copy.
 */
export const toSimplifiedChinese: TextFold = (text) => {
  table ??= composedTable();
  let out: string | null = null;
  let i = 0;
  for (const c of text) {
    const to = table.get(c);
    if (to !== undefined) out = (out ?? text.slice(0, i)) + to;
    else if (out !== null) out += c;
    i += c.length;
  }
  return out ?? text;
};
