/** One object as `git cat-file --batch` prints it; undefined when git says it is missing. */
export interface BatchObject {
  sha: string;
  type: string;
  content: Buffer;
}

/**
 * Parses `git cat-file --batch` output for `count` requests, in order: `<sha> <type> <size>\n<content>\n`,
 * or `<request> missing\n` (also `ambiguous`). Throws on output that does not follow that format.
 */
export function parseCatFileBatch(output: Buffer, count: number): Array<BatchObject | undefined> {
  const objects: Array<BatchObject | undefined> = [];
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    const end = output.indexOf(0x0a, at);
    if (end === -1) throw new Error(`cat-file --batch: output ended after ${i} of ${count} objects`);
    const header = output.subarray(at, end).toString('utf8');
    at = end + 1;
    const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
    if (!match) {
      if (/ (missing|ambiguous)$/.test(header)) {
        objects.push(undefined);
        continue;
      }
      throw new Error(`cat-file --batch: unexpected header "${header}"`);
    }
    const size = Number(match[3]);
    objects.push({ sha: match[1] ?? '', type: match[2] ?? '', content: output.subarray(at, at + size) });
    at += size + 1;
  }
  return objects;
}
