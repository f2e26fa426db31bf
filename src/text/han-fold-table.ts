import OpenCC from 'opencc-js';

/**
 * The character fold's table: traditional and variant Han characters folded to the simplified
 * form of mainland China, with OpenCC's own tables as opencc-js ships them: the Hong Kong and Taiwan variant tables (异体字,
 * 衞 → 衛) and the traditional-to-simplified tables (學 → 学, 區 → 区), chained as OpenCC's hk2s
 * and tw2s converters chain them.
 *
 * Character by character, wherever the character stands. OpenCC's phrase tables choose by
 * context, which is right for text shown to a reader but not for telling whether two writings are
 * one name: with phrases, 乾縣 becomes 乾县 while the simplified 乾县 itself becomes 干县; one form
 * per character makes both 干县. The fold of a fold is the fold. A few characters OpenCC writes
 * only inside a word (澄江 → 澂江) are read back from its simplified-to-traditional tables.
 */

type Groups = readonly (readonly unknown[])[];

function entries(groups: Groups): [string, string][] {
  const out: [string, string][] = [];
  for (const group of groups) {
    for (const dict of group) {
      if (typeof dict !== 'string') continue;
      for (const entry of dict.split('|')) {
        const [from, to] = entry.split(' ');
        if (from && to) out.push([from, to]);
      }
    }
  }
  return out;
}

/** Each character the fold changes, and what it becomes. */
export function buildHanFoldTable(): ReadonlyMap<string, string> {
  const steps: Groups[] = [OpenCC.Locale.from.hk, OpenCC.Locale.from.tw, OpenCC.Locale.to.cn];
  // Every character an entry changes, one-character entry or not.
  const triggers = new Set<string>();
  const single = steps.map(() => new Map<string, string>());
  steps.forEach((groups, i) => {
    for (const [from, to] of entries(groups)) {
      if (from === to) continue;
      const a = [...from];
      const b = [...to];
      const differs = a.length === b.length ? a.filter((c, k) => c !== b[k]) : a;
      for (const c of differs) triggers.add(c);
      if (a.length === 1 && b.length === 1) single[i]!.set(from, to);
    }
  });
  const characters = new Map<string, string>();
  for (const key of triggers) {
    let c = key;
    // Variant → traditional → simplified, repeated until nothing changes, so that a chain ends.
    for (let round = 0, before = ''; round < 4 && before !== c; round++) {
      before = c;
      for (const step of single) c = step.get(c) ?? c;
    }
    if (c !== key) characters.set(key, c);
  }
  for (const [from, to] of writtenOnlyTraditional(triggers)) characters.set(from, characters.get(to) ?? to);
  return characters;
}

/**
 * Characters that OpenCC writes only in traditional text, inside a word (澄江 → 澂江), and that its
 * traditional-to-simplified tables leave as they are: read back from the simplified-to-traditional
 * tables, each to the one simplified character it stands for. A character that is simplified
 * writing itself, or that stands for two, is left alone.
 */
function writtenOnlyTraditional(folded: ReadonlySet<string>): Map<string, string> {
  const simplified = new Set<string>();
  const found = new Map<string, string | null>();
  const tables = [OpenCC.Locale.from.cn, OpenCC.Locale.to.tw, OpenCC.Locale.to.hk];
  for (const [from] of tables.flatMap((t) => entries(t))) if ([...from].length === 1) simplified.add(from);
  for (const [from, to] of tables.flatMap((t) => entries(t))) {
    const a = [...from];
    const b = [...to];
    if (a.length !== b.length) continue;
    b.forEach((t, k) => {
      const s = a[k]!;
      if (t === s || folded.has(t) || simplified.has(t)) return;
      const seen = found.get(t);
      found.set(t, seen === undefined || seen === s ? s : null);
    });
  }
  return new Map([...found].filter((e): e is [string, string] => e[1] !== null));
}

