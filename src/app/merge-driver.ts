import { readTextFile, writeFileAtomic } from '../adapters/fs.js';
import { mergeChatLogs } from '../core/chatlog/merge.js';

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
 */
export async function runMergeDriver(args: MergeDriverArgs, err: (line: string) => void): Promise<number> {
  const shown = args.path ?? args.ours;
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

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
