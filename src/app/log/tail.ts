import { join } from 'node:path';
import type { Files } from '../../ports/index.js';

/** One line of `.git/ois/ois.log` as the logger wrote it (src/adapters/log.ts). */
export interface LogRecord {
  at: string;
  level: string;
  event: string;
  message: string;
  /** The event's own fields (`peer`, `outcome` …), never a secret. */
  fields: Record<string, unknown>;
}

export const LOG_FILE = 'ois.log';

/**
 * The last `count` records of the clone's log, oldest first. Reads at most `maxBytes` from the end of
 * `ois.log` (and of the rotated `ois.log.1` when the current file holds too few); lines that are not
 * the logger's JSON are skipped. Missing files give [].
 *
 * @example (await readLogTail(repo.ports.files, repo.stateDir, 10)).map((r) => r.message)
 */
export async function readLogTail(files: Files, stateDir: string, count: number, maxBytes = 64 * 1024): Promise<LogRecord[]> {
  const current = parseLines(await tail(files, join(stateDir, LOG_FILE), maxBytes));
  if (current.length >= count) return current.slice(-count);
  const older = parseLines(await tail(files, join(stateDir, `${LOG_FILE}.1`), maxBytes));
  return [...older, ...current].slice(-count);
}

/** Parses JSON log lines; anything else (a torn last line, a hand edit) is skipped. */
export function parseLines(text: string): LogRecord[] {
  const records: LogRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const { at, level, event, message, ...fields } = JSON.parse(line) as Record<string, unknown>;
      if (typeof at !== 'string' || typeof event !== 'string' || typeof message !== 'string') continue;
      records.push({ at, level: typeof level === 'string' ? level : 'info', event, message, fields });
    } catch {
      // skipped
    }
  }
  return records;
}

async function tail(files: Files, path: string, maxBytes: number): Promise<string> {
  const end = await files.readEnd(path, maxBytes).catch(() => undefined);
  if (end === undefined) return '';
  const text = new TextDecoder().decode(end.bytes);
  // Drop a partial first line when the read started mid-file.
  return end.bytes.length < end.size ? text.slice(text.indexOf('\n') + 1) : text;
}
