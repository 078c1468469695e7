import { join } from 'node:path';
import { findUp, listOwnDirectory, readOwnTextFile } from '../../adapters/fs.js';
import type { Member } from '../../core/chatlog/types.js';
import { registryMembers } from '../../core/registry/members.js';
import { parseRegistry } from '../../core/registry/parse.js';
import { buildBoard, type BoardEntry, type Task } from '../../core/tasks/board.js';
import { readLog } from '../log/read.js';

export interface BoardRead {
  tasks: Task[];
  members: Member[];
}

/**
 * The task board of the clone containing `cwd`: every day file in `chat/`, oldest first (read as
 * `ois log` reads them), members from AGENTS.md. Throws NOT_A_REPO outside a repository.
 *
 * @example const { tasks } = await readBoard('/work/acme', Date.now())
 */
export async function readBoard(cwd: string, now: number): Promise<BoardRead> {
  const { items } = await readLog({ findUp, listDirectory: listOwnDirectory, readTextFile: readOwnTextFile }, { cwd });
  const top = await findUp(cwd, '.git');
  const members = top === undefined ? [] : await readMembers(top);
  const entries: BoardEntry[] = items.map((item) => ({ ...item, day: /(\d{4}-\d{2}-\d{2})\.md$/.exec(item.file)?.[1] ?? '' }));
  return { tasks: buildBoard(entries, now, members), members };
}

/** The members AGENTS.md lists (an unreadable or broken registry gives none: `ois lint` reports it). */
export async function readMembers(top: string): Promise<Member[]> {
  const text = await readOwnTextFile(join(top, 'AGENTS.md')).catch(() => undefined);
  if (text === undefined) return [];
  try {
    return registryMembers(parseRegistry(text).registry);
  } catch {
    return [];
  }
}
