import type { FileKind } from './types.js';

/**
 * Which checks a repository path gets (the path is relative to the repository, with `/`).
 * @example kindOf('AGENTS.md') // 'registry'
 * @example kindOf('chat/2026-11-23.md') // 'chat'
 * @example kindOf('shared/notes/plan.md') // 'text'
 */
export function kindOf(path: string): FileKind {
  const base = path.split('/').at(-1) ?? path;
  if (base === 'AGENTS.md') return 'registry';
  if (base === 'ois.config.json') return 'config';
  if (/^(?:.*\/)?chat\/[^/]+\.md$/.test(path)) return 'chat';
  return 'text';
}

/** A typical file name of each kind (rule examples are linted as this file). */
export const EXAMPLE_FILE: Record<FileKind, string> = {
  registry: 'AGENTS.md',
  chat: 'chat/2026-11-23.md',
  config: 'ois.config.json',
  text: 'shared/notes.md',
};
