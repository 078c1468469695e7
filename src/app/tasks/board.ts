import { join } from 'node:path';
import type { Member } from '../../core/chatlog/types.js';
import { registryMembers } from '../../core/registry/members.js';
import { parseRegistry } from '../../core/registry/parse.js';
import { buildBoard, type BoardEntry, type Task } from '../../core/tasks/board.js';
import type { Files } from '../../ports/index.js';
import { readLog } from '../log/read.js';
import { ownFiles } from './own-files.js';

export interface BoardRead {
  tasks: Task[];
  members: Member[];
}

/**
 * The task board of the clone containing `cwd`: every day file in `chat/`, oldest first (read as
 * `ois log` reads them), members from AGENTS.md. Throws NOT_A_REPO outside a repository.
 *
 * @example const { tasks } = await readBoard(ports.files, '/work/acme', ports.clock.now().getTime())
 */
export async function readBoard(files: Files, cwd: string, now: number): Promise<BoardRead> {
  const own = ownFiles(files);
  const { items } = await readLog(own, { cwd });
  const top = await own.findUp(cwd, '.git');
  const members = top === undefined ? [] : await readMembers(files, top);
  const entries: BoardEntry[] = items.map((item) => ({ ...item, day: /(\d{4}-\d{2}-\d{2})\.md$/.exec(item.file)?.[1] ?? '' }));
  return { tasks: buildBoard(entries, now, members), members };
}

/** The members AGENTS.md lists (an unreadable or broken registry gives none: `ois lint` reports it). */
export async function readMembers(files: Files, top: string): Promise<Member[]> {
  const text = await ownFiles(files).readTextFile(join(top, 'AGENTS.md')).catch(() => undefined);
  if (text === undefined) return [];
  try {
    return registryMembers(parseRegistry(text).registry);
  } catch {
    return [];
  }
}
