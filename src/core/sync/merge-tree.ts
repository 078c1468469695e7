/** One stage of a conflicted path, as `git merge-tree -z --write-tree` lists it. */
export interface ConflictStage {
  mode: string;
  sha: string;
  /** 1: the merge base, 2: ours, 3: theirs. */
  stage: 1 | 2 | 3;
  path: string;
}

export interface MergeTreeOutput {
  /** The merged tree (with conflicted files as git left them). */
  tree: string;
  conflicts: ConflictStage[];
}

/**
 * Parses `git merge-tree -z --no-messages --write-tree` output: the tree, NUL, then one
 * `<mode> <sha> <stage>\t<path>` record per conflicted stage, each ending in NUL.
 *
 * @example parseMergeTreeZ('t1\0' + '100644 b1 1\tchat/d.md\0') // { tree: 't1', conflicts: [{ mode: '100644', sha: 'b1', stage: 1, path: 'chat/d.md' }] }
 */
export function parseMergeTreeZ(output: string): MergeTreeOutput {
  const [tree = '', ...records] = output.split('\0');
  const conflicts: ConflictStage[] = [];
  for (const record of records) {
    const match = /^(\d{6}) ([0-9a-f]+) ([123])\t(.+)$/s.exec(record);
    if (!match) continue;
    const [, mode = '', sha = '', stage = '1', path = ''] = match;
    conflicts.push({ mode, sha, stage: Number(stage) as 1 | 2 | 3, path });
  }
  return { tree: tree.trim(), conflicts };
}

/** The stages of each conflicted path, in the order git listed the paths. */
export function groupByPath(stages: readonly ConflictStage[]): Map<string, Partial<Record<1 | 2 | 3, ConflictStage>>> {
  const byPath = new Map<string, Partial<Record<1 | 2 | 3, ConflictStage>>>();
  for (const stage of stages) {
    const entry = byPath.get(stage.path) ?? {};
    entry[stage.stage] = stage;
    byPath.set(stage.path, entry);
  }
  return byPath;
}

/** Parses `git check-attr -z ATTR -- paths`: `path\0attr\0value\0` records. */
export function parseCheckAttrZ(output: string): Map<string, string> {
  const fields = output.split('\0');
  const values = new Map<string, string>();
  for (let i = 0; i + 2 < fields.length; i += 3) values.set(fields[i] ?? '', fields[i + 2] ?? '');
  return values;
}
