import { findSecrets } from '../registry/lint/secrets.js';
import { splitLines } from './lines.js';
import type { ChatEntry, ChatProblem } from './types.js';

/** Why an entry is not committed yet. */
export interface EntryHold {
  reason: 'secret' | 'malformed';
  /** Words the agent can act on; never the secret itself. */
  message: string;
  /** 1-based, in the file the entry was read from. */
  line: number;
  column: number;
}

const MARKER = /^(?:<{7}|>{7})(?: |$)/;
const FENCE = /^ {0,3}(?:`{3,}|~{3,})/;

/**
 * Whether a new or changed entry must be held back (pure): a literal secret in it (the lint rule
 * `no-literal-secret`), an ois metadata comment that does not parse or repeats another entry's id (a
 * copied comment would make two entries one for every merge), or git conflict markers (a pasted
 * conflicted file). Other problems (`bad-time`, `missing-rule` in the middle of a file …) are reported
 * by `ois lint` but never hold an entry back: the conversation must flow.
 *
 * @example entryHold(entry, log.problems, false)?.reason // 'secret'
 */
export function entryHold(entry: ChatEntry, problems: readonly ChatProblem[], repeatedId: boolean): EntryHold | undefined {
  const first = entry.position.start.line;
  const lines = splitLines(entry.raw);
  const secret = firstSecret(entry.raw);
  if (secret) {
    return {
      reason: 'secret',
      message: `${secret.description} looks like a literal secret: remove it from the entry (for a Gateway token write \`Token: env:OIS_TOKEN_<ID>\`, and rotate a token that was ever pushed)`,
      line: first + secret.line - 1,
      column: secret.column,
    };
  }
  const last = first + Math.max(0, lines.length - 1);
  const bad = problems.find((p) => p.code === 'bad-metadata' && p.position.start.line >= first && p.position.start.line <= last);
  if (bad) return { reason: 'malformed', message: `${bad.message}: fix or delete the \`<!-- ois:entry … -->\` line`, line: bad.position.start.line, column: 1 };
  if (repeatedId) {
    return {
      reason: 'malformed',
      message: `its \`<!-- ois:entry id=${entry.id ?? ''} … -->\` comment repeats another entry's id (copied?): delete that line, ois knows a hand-written entry by its text`,
      line: first + 1,
      column: 1,
    };
  }
  const marker = markerLine(lines.map((line) => line.text));
  if (marker !== -1) {
    return { reason: 'malformed', message: 'it holds git conflict markers (`<<<<<<<` / `>>>>>>>`): keep the text you meant and delete the markers', line: first + marker, column: 1 };
  }
  return undefined;
}

/**
 * The first secret-looking value in a text (the lint rule `no-literal-secret`), with its 1-based line
 * and column and a description that never quotes it.
 *
 * @example firstSecret('hi\nBearer ' + 'ab12'.repeat(8))?.line // 2
 */
export function firstSecret(text: string): { line: number; column: number; description: string } | undefined {
  for (const [index, line] of splitLines(text).entries()) {
    const found = findSecrets(line.text)[0];
    if (found) return { line: index + 1, column: found.start + 1, description: found.description };
  }
  return undefined;
}

/** The first line holding a conflict marker outside fenced code (a pasted conflict in a code block is text), or -1. */
function markerLine(lines: readonly string[]): number {
  let fenced = false;
  for (const [index, line] of lines.entries()) {
    if (FENCE.test(line)) fenced = !fenced;
    else if (!fenced && MARKER.test(line)) return index;
  }
  return -1;
}
