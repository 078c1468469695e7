import { splitLines } from '../chatlog/lines.js';
import { scanLines } from '../chatlog/scan.js';

export type ChangeKind = 'add' | 'update' | 'delete';

export interface Change {
  path: string;
  kind: ChangeKind;
  /** For chat logs: how many entries this change adds (new minus old). */
  entriesAdded?: number;
}

/**
 * The commit message for one batch: a subject that says what changed, then one line per path.
 *
 * @example commitMessage('aria', [{ path: 'chat/2026-11-23.md', kind: 'update', entriesAdded: 2 }])
 * // 'chat(aria): 2 entries in 2026-11-23\n\nM chat/2026-11-23.md\n'
 */
export function commitMessage(agentId: string, changes: readonly Change[]): string {
  const chat = changes.filter((c) => isChatLog(c.path));
  const shared = changes.filter((c) => c.path.startsWith('shared/'));
  const registry = changes.filter((c) => c.path === 'AGENTS.md');
  const other = changes.filter((c) => !chat.includes(c) && !shared.includes(c) && !registry.includes(c));
  const parts: Array<[string, string]> = [];
  if (chat.length > 0) parts.push(['chat', chatSummary(chat)]);
  if (shared.length > 0) parts.push(['shared', filesSummary(shared, 'shared/')]);
  if (registry.length > 0) parts.push(['registry', filesSummary(registry, '')]);
  if (other.length > 0) parts.push(['files', filesSummary(other, '')]);
  const subject =
    parts.length === 1 && parts[0]
      ? `${parts[0][0]}(${agentId}): ${parts[0][1]}`
      : `${agentId}: ${parts.map(([scope, text]) => `${scope} ${text}`).join('; ')}`;
  const letters: Record<ChangeKind, string> = { add: 'A', update: 'M', delete: 'D' };
  const body = changes.map((c) => `${letters[c.kind]} ${c.path}`).join('\n');
  return `${subject}\n\n${body}\n`;
}

export function isChatLog(path: string): boolean {
  return /^chat\/[^/]+\.md$/.test(path);
}

function chatSummary(changes: readonly Change[]): string {
  const days = changes.map((c) => c.path.slice('chat/'.length, -'.md'.length));
  const entries = changes.reduce((sum, c) => sum + Math.max(0, c.entriesAdded ?? 0), 0);
  const where = `in ${days.join(', ')}`;
  if (entries > 0) return `${entries} ${entries === 1 ? 'entry' : 'entries'} ${where}`;
  const deleted = changes.every((c) => c.kind === 'delete');
  return `${deleted ? 'delete' : 'edit'} ${where}`;
}

function filesSummary(changes: readonly Change[], prefix: string): string {
  if (changes.length <= 3) {
    return changes.map((c) => `${c.kind} ${c.path.slice(prefix.length)}`).join(', ');
  }
  const counts = (['add', 'update', 'delete'] as const)
    .map((kind) => [kind, changes.filter((c) => c.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`);
  return `${counts.join(', ')} files`;
}

/**
 * Counts the entries of a day file with the chat model's parser: headings inside fenced code are
 * text, malformed headings (`## 9:5 - X`) still count, as they do everywhere else.
 *
 * @example countEntries('# 2026-11-23 Chat Log\n\n## 14:32 - ARIA\n\nhi\n\n---\n') // 1
 */
export function countEntries(text: string): number {
  // The entries parseChatLog finds are exactly the headings of this line scan (no markdown parser needed).
  return scanLines(splitLines(text)).headings.length;
}

