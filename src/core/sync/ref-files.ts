/**
 * Reading refs from git's files without running git (a few ms saved on every cycle): the parsers of a
 * loose ref, `packed-refs` and `HEAD`. Pure; app/sync/refs.ts reads the files through the Files port.
 * A value that is not a full object name is no answer (undefined): the caller then asks git.
 */

const SHA = /^[0-9a-f]{40,64}$/;

/** A loose ref file's object name. @example looseRef('ab…40 hex…\n') */
export function looseRef(content: string | undefined): string | undefined {
  const sha = content?.trim();
  return sha && SHA.test(sha) ? sha : undefined;
}

/** The object name `ref` has in a `packed-refs` file. */
export function packedRef(content: string, ref: string): string | undefined {
  for (const line of content.split('\n')) {
    const [value, name] = line.split(' ');
    if (name === ref && value && SHA.test(value)) return value;
  }
  return undefined;
}

/** What `HEAD` holds: a detached commit, or the ref it points at. @example headTarget('ref: refs/heads/main\n') // { ref: 'refs/heads/main' } */
export function headTarget(content: string): { sha: string } | { ref: string } | undefined {
  const head = content.trim();
  if (SHA.test(head)) return { sha: head };
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  return ref ? { ref } : undefined;
}

/**
 * `ref` (a full ref name, or `HEAD` followed through its branch) from git's files as `read` returns
 * them (`read('HEAD')`, `read('refs/heads/main')`, `read('packed-refs')`: a path under the git
 * directory, undefined when there is no such file): the loose ref, else `packed-refs`. Undefined when
 * the files do not say. The one composition of the parsers above, whatever reads the files (the git
 * adapter with node:fs, the app through the Files port).
 *
 * @example await refFromFiles((name) => readFile(join(gitDir, name), 'utf8').catch(() => undefined), 'HEAD') // 'ab12…'
 */
export async function refFromFiles(read: (name: string) => Promise<string | undefined>, ref: string): Promise<string | undefined> {
  if (ref !== 'HEAD') return namedRef(read, ref);
  const head = headTarget((await read('HEAD')) ?? '');
  if (head === undefined) return undefined;
  return 'sha' in head ? head.sha : namedRef(read, head.ref);
}

async function namedRef(read: (name: string) => Promise<string | undefined>, ref: string): Promise<string | undefined> {
  return looseRef(await read(ref)) ?? packedRef((await read('packed-refs')) ?? '', ref);
}
