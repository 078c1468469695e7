import { lintFileText, type Diagnostic } from '../../core/registry/lint/index.js';
import type { Exclusion } from '../../core/sync/filter.js';
import type { CommitGate } from './commit.js';

/** Files larger than this are not scanned for secrets here (the size limit already applies). */
const MAX_SCAN_BYTES = 1024 * 1024;

/**
 * What the sync cycle will not commit, checked in-process before every commit:
 * - `AGENTS.md`: any lint error (a bad registry edit would break waking for everyone), or its deletion;
 * - `ois.config.json`: a schema error;
 * - text files under `shared/`: a literal secret (`no-literal-secret`).
 * Day files never come here: the chat guard (commit-chat.ts) holds back a bad entry alone, not the file.
 * The push gate (push-gate.ts) uses blockingDiagnostics on every commit it is about to push.
 * The edit stays in the working tree, is reported, and is committed once fixed.
 */
export const lintGate: CommitGate = async (path, text) => {
  if (path === 'AGENTS.md' && text === undefined) {
    return refuse(path, 'deleting AGENTS.md would remove every member; restore it with `git checkout -- AGENTS.md`');
  }
  if (text === undefined || text.length > MAX_SCAN_BYTES) return undefined;
  const blocking = blockingDiagnostics(path, text);
  if (blocking.length === 0) return undefined;
  const first = blocking[0] as Diagnostic;
  const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more; run \`ois lint ${path}\`)` : '';
  return refuse(path, `fails lint: ${path}:${first.position.start.line}:${first.position.start.column}: ${first.message} (${first.ruleId})${more}`);
};

export function blockingDiagnostics(path: string, text: string): Diagnostic[] {
  const isRegistry = path === 'AGENTS.md';
  const isConfig = path === 'ois.config.json';
  const isChat = /^chat\/[^/]+\.md$/.test(path);
  const isShared = path.startsWith('shared/');
  if (!isRegistry && !isConfig && !isChat && !isShared) return [];
  if (isShared && text.includes('\u0000')) return []; // binary: nothing to scan
  const errors = lintFileText(path, text).diagnostics.filter((d) => d.severity === 'error');
  return isRegistry || isConfig ? errors : errors.filter((d) => d.ruleId === 'no-literal-secret');
}

function refuse(path: string, detail: string): Exclusion {
  return { path, reason: 'lint', detail };
}
