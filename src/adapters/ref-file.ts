import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The sha a ref points at, read from the files under `gitDir` (a loose ref, else `packed-refs`) without
 * running git: for polling a ref cheaply. Undefined when neither has it (for example in a linked work
 * tree, whose refs live in the common directory): callers then ask git.
 */
export async function readRefFile(gitDir: string, ref: string): Promise<string | undefined> {
  const loose = await readFile(join(gitDir, ref), 'utf8').catch(() => undefined);
  const sha = loose?.trim();
  if (sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
  const packed = await readFile(join(gitDir, 'packed-refs'), 'utf8').catch(() => '');
  for (const line of packed.split('\n')) {
    const [value, name] = line.split(' ');
    if (name === ref && value && /^[0-9a-f]{40,64}$/.test(value)) return value;
  }
  return undefined;
}

/** The commit HEAD points at (through its branch), read from files as readRefFile does; undefined when unknown. */
export async function readHeadFile(gitDir: string): Promise<string | undefined> {
  const head = (await readFile(join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  if (/^[0-9a-f]{40,64}$/.test(head)) return head;
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  return ref ? readRefFile(gitDir, ref) : undefined;
}
