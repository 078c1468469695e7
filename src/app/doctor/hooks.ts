/**
 * The `hooks` check of `ois doctor`: a pure verdict, and the probe that reads core.hooksPath and the hook file.
 */
import type { Git } from '../../adapters/git.js';
import { configGet } from '../../core/git/config.js';
import type { Files } from '../../ports/index.js';
import { hookInstalled } from '../setup/clone-config.js';
import { ok, warn, type CheckResult } from './types.js';

const ID = 'hooks';
const TITLE = 'pre-commit hook';

export interface HookFacts {
  installed: boolean;
  /** `core.hooksPath` when it points somewhere else than `.git/hooks` (husky and friends). */
  hooksPathElsewhere?: string;
}

/**
 * Pure. A missing hook only warns: ois's own commits lint in-process; the hook guards commits made by
 * hand (`git commit`) from pushing a broken AGENTS.md.
 */
export function judgeHooks(facts: HookFacts): CheckResult {
  if (facts.hooksPathElsewhere !== undefined) {
    return warn(ID, TITLE, `core.hooksPath is ${facts.hooksPathElsewhere}: ois does not take over another hook manager`, 'Call `ois hook pre-commit` from that hook manager\'s pre-commit hook.');
  }
  if (facts.installed) return ok(ID, TITLE, "ois's pre-commit hook is installed");
  return warn(ID, TITLE, "ois's pre-commit hook is not installed: commits made by hand are not linted", 'Run `ois watch` once (it installs the hook at start).');
}

export async function probeHooks(git: Git, files: Files, gitDir: string): Promise<HookFacts> {
  const configured = ((await git.exec(configGet('core.hooksPath')).catch(() => undefined)) ?? '').trim();
  if (configured && !configured.startsWith(gitDir) && !/^\.git[\\/]hooks[\\/]?$/.test(configured)) return { installed: false, hooksPathElsewhere: configured };
  return { installed: await hookInstalled(files, gitDir) };
}
