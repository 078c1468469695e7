import unhomoglyph from 'unhomoglyph';

/** Characters that render as nothing (zero-width space, joiners, variation selectors …): never part of the look of a name. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}]/gu;

/**
 * The UTS #39 skeleton of `text`: NFD, every character replaced by its prototype from Unicode's
 * confusables table (the data of the `unhomoglyph` package), NFD again; invisible characters dropped.
 * Two strings with the same skeleton look alike.
 *
 * @example skeleton('АRIA') // 'ARlA' (a Cyrillic А, and I looks like l)
 */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD').replace(INVISIBLE, '')).normalize('NFD');
}

/**
 * The keys under which `text` must be unique among the registry's ids or names: case-folded and
 * whitespace-collapsed, then reduced to its skeleton before and after folding (`ARIA` and `arIa` clash
 * by case, `ARIA` and `ARlA` by look, `aria` and `аriа` with Cyrillic letters by both). Two texts
 * clash when they share a key.
 *
 * @example lookAlikeKeys('ARIA') // ['aria', 'arla']
 */
export function lookAlikeKeys(text: string): string[] {
  const folded = text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  const keys = new Set([skeleton(folded), skeleton(skeleton(text.replace(/\s+/g, ' ').trim()).toLowerCase())]);
  return [...keys];
}

/**
 * Groups of texts (by index) that clash: same text up to case, or look-alike characters.
 *
 * @example clashes(['aria', 'ARIA', 'bob']) // [[0, 1]]
 */
export function clashes(texts: readonly string[]): number[][] {
  const owner = new Map<string, number>();
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] ?? i)));
  texts.forEach((text, i) => {
    if (text === '') return;
    for (const key of lookAlikeKeys(text)) {
      const first = owner.get(key);
      if (first === undefined) owner.set(key, i);
      else parent[find(i)] = find(first);
    }
  });
  const groups = new Map<number, number[]>();
  texts.forEach((text, i) => {
    if (text !== '') groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
  });
  return [...groups.values()].filter((group) => group.length > 1);
}
