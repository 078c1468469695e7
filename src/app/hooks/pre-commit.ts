import { createGit } from '../../adapters/git.js';
import { validateTeamConfig } from '../../core/config/validate.js';
import { CONFIG_FILE } from '../repo.js';
import { stagedFiles } from './staged.js';

/**
 * The pre-commit check: staged registry, chat logs, shared text files and config must pass lint.
 * Returns diagnostics as `file:line:column: message (rule)` lines; empty when the commit may go on.
 */
export async function runPreCommit(cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  const git = createGit(cwd, { env });
  const files = await stagedFiles(git, (path) => path === CONFIG_FILE);
  const problems: string[] = [];
  for (const file of files) {
    const result = validateTeamConfig(file.text);
    if (!result.ok) {
      for (const issue of result.issues) {
        problems.push(`${file.path}:${issue.line ?? 1}:${issue.column ?? 1}: ${issue.path}: ${issue.message} (config-schema)`);
      }
    }
  }
  return problems;
}
