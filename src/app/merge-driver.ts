import { readTextFile, writeFileAtomic } from '../adapters/fs.js';
import { runCommand } from '../adapters/run-command.js';
import { mergeChatLogs } from '../core/chatlog/merge.js';
import { isChatLog } from '../core/sync/message.js';
import { oneLine } from '../core/safe-text.js';

export interface MergeDriverArgs {
  base: string;
  ours: string;
  theirs: string;
  /** The path in the repository (git's %P), for messages. */
  path?: string;
}

/**
 * git's merge driver for `chat/*.md`: reads base, ours and theirs, writes the entry-aware merge into
 * the ours file (atomically). Returns 0 when clean, 1 when conflict markers were written, 2 when a file
 * cannot be read or written. Kept free of the CLI's dependencies: git runs it for every merged chat log.
 *
 * It only ever merges chat logs, whatever `.gitattributes` says (a member can push `* merge=ois-chat`):
 * for any other path, or without git's `%P`, it hands the three versions to git's own line merge
 * (`git merge-file`), exactly what git would have done without the attribute.
 */
export async function runMergeDriver(args: MergeDriverArgs, err: (line: string) => void): Promise<number> {
  const shown = oneLine(args.path ?? args.ours); // a file name from the repository, printed by git to a terminal
  if (args.path === undefined || !isChatLog(args.path)) return gitLineMerge(args, shown, err);
  let texts: string[];
  try {
    texts = await Promise.all([args.base, args.ours, args.theirs].map((file) => readTextFile(file)));
  } catch (error) {
    err(`ois merge-driver: ${shown}: cannot read an input: ${describe(error)}`);
    return 2;
  }
  const [b = '', o = '', t = ''] = texts;
  const result = mergeChatLogs(b, o, t);
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

/** `git merge-file` into the ours file: 0 clean, 1 with conflict markers (git's exit is the conflict count), 2 when it fails. */
async function gitLineMerge(args: MergeDriverArgs, shown: string, err: (line: string) => void): Promise<number> {
  const result = await runCommand('git', ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', '--', args.ours, args.base, args.theirs], { timeoutMs: 60_000 });
  if (result.code === 0) return 0;
  if (result.code !== null && result.code > 0 && result.code < 128) return 1;
  err(`ois merge-driver: ${shown}: git merge-file failed: ${result.startError ?? (result.stderr.trim() || `exit ${String(result.code)}`)}`);
  return 2;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
