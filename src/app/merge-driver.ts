import { readTextFile, writeFileAtomic } from '../adapters/fs.js';
import { runCommand } from '../adapters/run-command.js';
import { mergeChatLogs } from '../core/chatlog/merge.js';
import { mergeOntoRemote } from '../core/chatlog/merge-onto.js';
import { remoteSide } from '../core/chatlog/prefix.js';

export interface MergeDriverArgs {
  base: string;
  ours: string;
  theirs: string;
  /** The path in the repository (git's %P), for messages and to find the remote's version. */
  path?: string;
}

/** The remote's version of a day file: `refs/remotes/origin/<branch>:<path>`, or undefined. */
export type RemoteReader = (path: string) => Promise<string | undefined>;

/**
 * git's merge driver for `chat/*.md`: reads base, ours and theirs, writes the entry-aware merge into
 * the ours file (atomically). The side that holds the remote-tracking branch's file (see remoteSide)
 * is the remote: its entries stay first and in place, the other side's new ones follow (the prefix
 * rule); without a remote-tracking version, the symmetric time-ordered merge. Returns 0 when clean,
 * 1 when conflict markers were written, 2 when a file cannot be read or written. Kept free of the
 * CLI's dependencies: git runs it for every merged chat log.
 */
export async function runMergeDriver(args: MergeDriverArgs, err: (line: string) => void, readRemote: RemoteReader = remoteFromGit): Promise<number> {
  const shown = args.path ?? args.ours;
  let texts: string[];
  try {
    texts = await Promise.all([args.base, args.ours, args.theirs].map((file) => readTextFile(file)));
  } catch (error) {
    err(`ois merge-driver: ${shown}: cannot read an input: ${describe(error)}`);
    return 2;
  }
  const [b = '', o = '', t = ''] = texts;
  const remote = args.path === undefined ? undefined : await readRemote(args.path).catch(() => undefined);
  const side = remoteSide(remote, o, t);
  const result = side === undefined ? mergeChatLogs(b, o, t) : side === 'theirs' ? mergeOntoRemote(b, t, o, { oursIs: 'local' }) : mergeOntoRemote(b, o, t);
  try {
    await writeFileAtomic(args.ours, result.text);
  } catch (error) {
    err(`ois merge-driver: ${shown}: cannot write the result: ${describe(error)}`);
    return 2;
  }
  if (result.conflicts === 0) return 0;
  err(`ois merge-driver: ${shown}: ${result.conflicts} conflict${result.conflicts === 1 ? '' : 's'} (an entry changed differently on both sides)`);
  return 1;
}

/** git runs the driver at the top of the work tree: the branch comes from ois.config.json there (default main). */
async function remoteFromGit(path: string): Promise<string | undefined> {
  let branch = 'main';
  try {
    const config = JSON.parse(await readTextFile('ois.config.json')) as { branch?: unknown };
    if (typeof config.branch === 'string' && /^[A-Za-z0-9._/-]+$/.test(config.branch)) branch = config.branch;
  } catch {
    // No or unreadable config: the default branch.
  }
  const result = await runCommand('git', ['cat-file', 'blob', `refs/remotes/origin/${branch}:${path}`], { timeoutMs: 10_000 });
  return result.code === 0 ? result.stdout : undefined;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
