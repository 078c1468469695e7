import { readFile } from 'node:fs/promises';

/**
 * The shell blocks of a Markdown page that a walkthrough test runs, by name: each is the ```sh block
 * right after a `<!-- walkthrough: NAME -->` comment. The page stays the single source: the test runs
 * what a reader copies.
 *
 * @example (await walkthroughBlocks('docs/how-to-join.md')).get('member join')
 */
export async function walkthroughBlocks(path: string): Promise<Map<string, string>> {
  const text = await readFile(path, 'utf8');
  const blocks = new Map<string, string>();
  for (const match of text.matchAll(/<!-- walkthrough: ([^>]+?) -->\n```sh\n([\s\S]*?)\n```/g)) {
    const [, name = '', body = ''] = match;
    if (blocks.has(name)) throw new Error(`${path}: two walkthrough blocks named "${name}"`);
    blocks.set(name, body);
  }
  return blocks;
}

/** `text` with each `[from, to]` replaced everywhere (a pair that does not occur is skipped). */
export function substitute(text: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) continue;
    out = out.split(from).join(to);
  }
  return out;
}
