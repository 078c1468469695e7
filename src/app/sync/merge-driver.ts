import { join, resolve } from 'node:path';
import { GitCommandError } from '../../core/git/error.js';
import { mergeFile } from '../../core/git/merge.js';
import { readBlobs } from '../../core/git/objects.js';
import type { Files, Git } from '../../ports/index.js';
import { mergeChatLogs } from '../../core/chatlog/merge.js';
import { isChatLog } from '../../core/sync/message.js';
import { oneLine } from '../../core/safe-text.js';
import { mergeOntoRemote } from '../../core/chatlog/merge-onto.js';
import { remoteSide } from '../../core/chatlog/prefix.js';

export interface MergeDriverArgs {
  base: string;
  ours: string;
  theirs: string;
  /** The path in the repository (git's %P), for messages and to find the remote's version. */
  path?: string;
}

/** The remote's version of a day file: `refs/remotes/origin/<branch>:<path>`, or undefined. */
export type RemoteReader = (path: string) => Promise<string | undefined>;

/** What the driver may touch: the files git hands it, and git in the clone it runs in (`git.dir`, git's cwd). */
export interface MergeDriverDeps {
  /** One line of stderr. */
  err: (line: string) => void;
  files: Files;
  git: Git;
}

/**
 * git's merge driver for `chat/*.md`: reads base, ours and theirs, writes the entry-aware merge into
 * the ours file (atomically). The side that holds the remote-tracking branch's file (see remoteSide)
 * is the remote: its entries stay first and in place, the other side's new ones follow (the prefix
 * rule); without a remote-tracking version, the symmetric time-ordered merge. Returns 0 when clean,
 * 1 when conflict markers were written, 2 when a file cannot be read or written. Kept free of the
 * CLI's dependencies: git runs it for every merged chat log.
 *
 * It only ever merges chat logs, whatever `.gitattributes` says (a member can push `* merge=ois-chat`):
 * for any other path, or without git's `%P`, it hands the three versions to git's own line merge
 * (`git merge-file`), exactly what git would have done without the attribute.
 */
export async function runMergeDriver(args: MergeDriverArgs, deps: MergeDriverDeps, readRemote: RemoteReader = remoteFromGit(deps)): Promise<number> {
  const { err, files, git } = deps;
  const shown = oneLine(args.path ?? args.ours); // a file name from the repository, printed by git to a terminal
  if (args.path === undefined || !isChatLog(args.path)) return gitLineMerge(git, args, shown, err);
  const ours = resolve(git.dir, args.ours);
  let texts: string[];
  try {
    texts = await Promise.all([args.base, args.ours, args.theirs].map((file) => files.readText(resolve(git.dir, file))));
  } catch (error) {
    err(`ois merge-driver: ${shown}: cannot read an input: ${describe(error)}`);
    return 2;
  }
  const [b = '', o = '', t = ''] = texts;
  const remote = args.path === undefined ? undefined : await readRemote(args.path).catch(() => undefined);
  const side = remoteSide(remote, o, t);
  const result = side === undefined ? mergeChatLogs(b, o, t) : side === 'theirs' ? mergeOntoRemote(b, t, o, { oursIs: 'local' }) : mergeOntoRemote(b, o, t);
  try {
    await files.writeAtomic(ours, result.text);
  } catch (error) {
    err(`ois merge-driver: ${shown}: cannot write the result: ${describe(error)}`);
    return 2;
  }
  if (result.conflicts === 0) return 0;
  err(`ois merge-driver: ${shown}: ${result.conflicts} conflict${result.conflicts === 1 ? '' : 's'} (an entry changed differently on both sides)`);
  return 1;
}

/** `git merge-file` into the ours file: 0 clean, 1 with conflict markers (git's exit is the conflict count), 2 when it fails. */
async function gitLineMerge(git: Git, args: MergeDriverArgs, shown: string, err: (line: string) => void): Promise<number> {
  try {
    const result = await git.exec(mergeFile({ ours: args.ours, base: args.base, theirs: args.theirs }, { labels: ['ours', 'base', 'theirs'] }), { timeoutMs: 60_000 });
    return result.conflicts === 0 ? 0 : 1;
  } catch (error) {
    const why = error instanceof GitCommandError ? error.stderr.trim() || `exit ${String(error.exitCode)}` : describe(error);
    err(`ois merge-driver: ${shown}: git merge-file failed: ${why}`);
    return 2;
  }
}

/** git runs the driver at the top of the work tree: the branch comes from ois.config.json there (default main). */
function remoteFromGit(deps: MergeDriverDeps): RemoteReader {
  return async (path) => {
    let branch = 'main';
    try {
      const config = JSON.parse(await deps.files.readText(join(deps.git.dir, 'ois.config.json'))) as { branch?: unknown };
      if (typeof config.branch === 'string' && /^[A-Za-z0-9._/-]+$/.test(config.branch)) branch = config.branch;
    } catch {
      // No or unreadable config: the default branch.
    }
    const [text] = await deps.git.exec(readBlobs([`refs/remotes/origin/${branch}:${path}`]), { timeoutMs: 10_000 });
    return text;
  };
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
