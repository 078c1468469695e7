import { join } from 'node:path';
import type { Files } from '../../ports/index.js';

const SHA = /^[0-9a-f]{40,64}$/;

/**
 * The sha a ref points at, read from the files under `gitDir` (a loose ref, else `packed-refs`)
 * without running git: the room polls refs on every file event, and a git process each time would
 * cost more than the refresh. Undefined when neither has it (a linked work tree keeps its refs in
 * the common directory): the room then shows stages as far as it knows them.
 *
 * @example await readRefFile(ports.files, repo.gitDir, 'refs/remotes/origin/main') // '3b18e512…'
 */
export async function readRefFile(files: Files, gitDir: string, ref: string): Promise<string | undefined> {
  const sha = (await files.readIfExists(join(gitDir, ref)).catch(() => undefined))?.trim();
  if (sha && SHA.test(sha)) return sha;
  const packed = (await files.readIfExists(join(gitDir, 'packed-refs')).catch(() => undefined)) ?? '';
  for (const line of packed.split('\n')) {
    const [value, name] = line.split(' ');
    if (name === ref && value && SHA.test(value)) return value;
  }
  return undefined;
}

/** The commit HEAD points at (through its branch), read from files as readRefFile does; undefined when unknown. */
export async function readHeadFile(files: Files, gitDir: string): Promise<string | undefined> {
  const head = ((await files.readIfExists(join(gitDir, 'HEAD')).catch(() => undefined)) ?? '').trim();
  if (SHA.test(head)) return head;
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  return ref ? readRefFile(files, gitDir, ref) : undefined;
}
