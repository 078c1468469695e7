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
