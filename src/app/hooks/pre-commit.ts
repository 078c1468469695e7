import type { Git } from '../../ports/index.js';
import { blockingDiagnostics } from '../sync/gate.js';
import { stagedFiles } from './staged.js';

/**
 * The pre-commit check, the same policy as the sync cycle's gate (src/app/sync/gate.ts): the staged
 * AGENTS.md and ois.config.json must pass lint; staged chat logs and shared text files must not hold a
 * literal secret. Returns `file:line:column: message (rule)` lines; empty when the commit may go on.
 */
export async function runPreCommit(git: Git): Promise<string[]> {
  const files = await stagedFiles(git, (path) => path === 'AGENTS.md' || path === 'ois.config.json' || path.startsWith('chat/') || path.startsWith('shared/'));
  const problems: string[] = [];
  for (const file of files) {
    if (file.text.length > 1024 * 1024) continue;
    for (const d of blockingDiagnostics(file.path, file.text)) {
      problems.push(`${file.path}:${d.position.start.line}:${d.position.start.column}: ${d.message} (${d.ruleId})`);
    }
  }
  return problems;
}
