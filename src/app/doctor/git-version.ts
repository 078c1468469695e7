/**
 * The `git-version` check of `ois doctor`: `git --version` through the processes port, judged purely.
 */
import type { Processes, System } from '../../ports/index.js';
import { fail, ok, type CheckResult } from './types.js';

const ID = 'git-version';
const TITLE = 'git version';
/** `git merge-tree --write-tree` (the replay of local commits onto the remote's) came with git 2.38. */
export const MIN_GIT: readonly [number, number] = [2, 38];

/** @example parseGitVersion('git version 2.39.5\n') // [2, 39, 5] */
export function parseGitVersion(text: string): [number, number, number] | undefined {
  const match = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** Pure verdict on the output of `git --version` (undefined: git did not run). */
export function judgeGitVersion(output: string | undefined): CheckResult {
  const install = `Install git ${MIN_GIT.join('.')} or newer and make sure it is on PATH.`;
  if (output === undefined) return fail(ID, TITLE, 'git is not installed or not on PATH', install);
  const version = parseGitVersion(output);
  if (!version) return fail(ID, TITLE, `cannot read the git version from "${output.trim()}"`, install);
  const [major, minor] = version;
  const text = `git ${version.join('.')}`;
  if (major > MIN_GIT[0] || (major === MIN_GIT[0] && minor >= MIN_GIT[1])) return ok(ID, TITLE, text);
  return fail(ID, TITLE, `${text} is older than ${MIN_GIT.join('.')}`, install);
}

/** Runs `git --version` through the processes port and judges it. */
export async function checkGitVersion(ports: { processes: Processes; system: Pick<System, 'env'> }): Promise<CheckResult> {
  const result = await ports.processes.run('git', ['--version'], { timeoutMs: 10_000, env: ports.system.env });
  return judgeGitVersion(result.code === 0 ? result.stdout : undefined);
}
