import { startsWithEntries } from '../../src/core/chatlog/prefix.js';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { git, type Sandbox } from '../../harness/git-repos.js';

/** The day file on the remote's main (empty when absent). */
export function remoteText(box: Sandbox, file: string): Promise<string> {
  return git(box.bare, ['show', `main:${file}`], box.env).catch(() => '');
}

/** The entries of a day file text as `id`, or the body for hand-written ones. */
export function entryKeys(text: string): string[] {
  return parseChatLog(text).entries.map((e) => e.id ?? e.body);
}

/**
 * The commits on the remote's main (first parent, oldest first) after which `file` no longer starts
 * with the entries it had before: a pushed entry moved or removed. Must be empty.
 */
export async function commitsThatMovedPushedEntries(box: Sandbox, file: string): Promise<string[]> {
  const commits = (await git(box.bare, ['rev-list', '--first-parent', '--reverse', 'main'], box.env)).trim().split('\n').filter(Boolean);
  const bad: string[] = [];
  let before = '';
  for (const sha of commits) {
    const text = await git(box.bare, ['show', `${sha}:${file}`], box.env).catch(() => '');
    if (!startsWithEntries(before, text)) bad.push(sha);
    before = text;
  }
  return bad;
}

/** Lines `git log -p` on the remote shows as removed from `file` (blank lines and the diff header aside). */
export async function removedLines(box: Sandbox, file: string): Promise<string[]> {
  const log = await git(box.bare, ['log', '-p', '--first-parent', '--format=', 'main', '--', file], box.env);
  return log.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---') && line.slice(1).trim() !== '');
}
