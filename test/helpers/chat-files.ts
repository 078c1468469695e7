import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendEntry, dayFileName, formatDayTitle, formatEntry, type NewEntry } from '../../src/core/chatlog/format.js';

/**
 * Appends one entry to its UTC day file in clone `dir` as an agent writing the file directly would
 * (no lock, no sync), creating `chat/` and the file with its title when needed. `name` defaults to the
 * author id in capitals.
 */
export async function appendTestEntry(dir: string, entry: Omit<NewEntry, 'name'> & { name?: string }): Promise<void> {
  const file = join(dir, ...dayFileName(entry.at).split('/'));
  await mkdir(join(dir, 'chat'), { recursive: true });
  const existing = await readFile(file, 'utf8').catch(() => formatDayTitle(entry.at.slice(0, 10)));
  await writeFile(file, appendEntry(existing, formatEntry({ ...entry, name: entry.name ?? entry.author.toUpperCase() })));
}
