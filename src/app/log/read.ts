import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseChatLog } from '../../core/chatlog/parse.js';
import { parseTimeBound, toLogItem, type LogFilter, type LogItem } from '../../core/chatlog/query.js';
import type { ChatProblem, Member } from '../../core/chatlog/types.js';
import { OisError } from '../../core/errors.js';
import { registryMembers } from '../../core/registry/members.js';
import { parseRegistry } from '../../core/registry/parse.js';

/** The file access `readLog` needs (the real one is `src/adapters/fs.ts`). */
export interface LogDeps {
  readTextFile(path: string): Promise<string>;
  listDirectory(path: string): Promise<string[] | undefined>;
  findUp(start: string, name: string): Promise<string | undefined>;
}

export interface LogInput {
  cwd: string;
  /** The directory of day files; default `chat/` at the top of the repository containing `cwd`. */
  dir?: string;
  since?: string;
  until?: string;
  agent?: string;
  mentions?: string;
}

export interface LogProblem {
  file: string;
  /** A problem of the file's format, or `symlink`: a day file that is a symbolic link is never read. */
  problem: Omit<ChatProblem, 'code'> & { code: ChatProblem['code'] | 'symlink' };
}

export interface LogResult {
  items: LogItem[];
  problems: LogProblem[];
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.md$/;

/**
 * Reads the chat history: every `YYYY-MM-DD.md` day file, oldest first, entries in file order,
 * filtered. Problems in the files are returned beside the entries, never thrown.
 *
 * @example const { items } = await readLog(fsDeps, { cwd: '/repo', agent: 'aria', since: '2026-11-23' })
 */
export async function readLog(deps: LogDeps, input: LogInput): Promise<LogResult> {
  const filter: LogFilter = {};
  if (input.since !== undefined) filter.since = parseTimeBound(input.since, 'since');
  if (input.until !== undefined) filter.until = parseTimeBound(input.until, 'until');
  if (input.agent !== undefined) filter.agent = input.agent;
  if (input.mentions !== undefined) filter.mentions = input.mentions;
  const top = await deps.findUp(input.cwd, '.git');
  if (input.dir === undefined && top === undefined) {
    throw new OisError('NOT_A_REPO', `${input.cwd} is not inside a git repository`, {
      hint: 'Run `ois log` in a clone of your team repository, or point it at the day files with --dir.',
    });
  }
  const dir = input.dir === undefined ? join(top ?? input.cwd, 'chat') : resolve(input.cwd, input.dir);
  const root = top !== undefined && isInside(dir, top) ? top : input.cwd;
  // A sync's checkout replaces a day file by removing it and writing it anew: a read that falls in
  // that moment finds the file gone. The whole read is done again (a checkout takes microseconds);
  // a file still gone the third time was really removed and is left out.
  for (let attempt = 1; ; attempt += 1) {
    const result = await readDayFiles(deps, { dir, root, filter, useRegistryOf: input.dir === undefined || root === top ? root : resolve(dir, '..') }, attempt === 3);
    if (result !== 'vanished') return result;
  }
}

interface DayFilesAt {
  dir: string;
  root: string;
  filter: LogFilter;
  useRegistryOf: string;
}

async function readDayFiles(deps: LogDeps, at: DayFilesAt, lastTry: boolean): Promise<LogResult | 'vanished'> {
  const { dir, root, filter } = at;
  const names = (await deps.listDirectory(dir)) ?? [];
  const members = await readMembers(deps, at.useRegistryOf);
  const items: LogItem[] = [];
  const problems: LogProblem[] = [];
  for (const name of names.filter((n) => DAY_FILE.test(n)).sort()) {
    const day = DAY_FILE.exec(name)?.[1] ?? '';
    if (filter.since !== undefined && Date.parse(`${day}T23:59:59.999Z`) < filter.since - 86_400_000) continue;
    if (filter.until !== undefined && Date.parse(`${day}T00:00:00Z`) > filter.until + 86_400_000) continue;
    const path = join(dir, name);
    const file = relative(root, path).split(sep).join('/');
    const text = await deps.readTextFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return 'vanished' as const;
      if (error.code !== 'ELINK') throw error;
      const at = { line: 1, column: 1 };
      problems.push({ file, problem: { code: 'symlink', message: 'a symbolic link: not read (ois never follows a link out of the clone)', position: { start: at, end: at } } });
      return undefined;
    });
    if (text === 'vanished' && !lastTry) return 'vanished';
    if (text === undefined || text === 'vanished') continue;
    const log = parseChatLog(text);
    for (const problem of log.problems) problems.push({ file, problem });
    for (const entry of log.entries) {
      const item = toLogItem(entry, file, day, members, filter);
      if (item) items.push(item);
    }
  }
  return { items, problems };
}

async function readMembers(deps: LogDeps, root: string): Promise<Member[]> {
  const text = await deps.readTextFile(join(root, 'AGENTS.md')).catch(() => undefined);
  if (text === undefined) return [];
  try {
    return registryMembers(parseRegistry(text).registry);
  } catch {
    return []; // a broken registry must not stop anyone reading the chat; `ois lint` reports it
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
