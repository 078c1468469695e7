import type { Git } from '../../adapters/git.js';
import type { Files, Ports, System } from '../../ports/index.js';
import type { Repo } from '../clone/repo.js';
import { repairServiceFile } from '../service/repair.js';
import { ensureHooks, ensureMergeDriver, MERGE_DRIVER } from '../setup/clone-config.js';
import { judgeHooks, probeHooks } from './hooks.js';
import { driverPaths, judgeMergeDriver, readMergeDriver } from './merge-driver.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/**
 * What ois wires into a clone names the ois and the Node that installed it: the merge driver, the
 * pre-commit hook, the service file. After ois is reinstalled elsewhere (another prefix, another
 * Node version manager's folder) and the old one is gone, they point at nothing. These checks put
 * them back to the ois running `ois doctor` (what `ois watch` does at start for the first two) and
 * say what they changed (`repaired: true`); what they cannot repair keeps its verdict.
 */
export async function repairMergeDriverCheck(git: Git, ports: { files: Files; system: Pick<System, 'execPath'> }): Promise<CheckResult> {
  const { current, wanted } = await readMergeDriver(git, ports.system);
  // judgeMergeDriver is pure: the paths the driver names are looked up first.
  const paths = driverPaths(current);
  const present = new Set((await Promise.all(paths.map(async (path) => ((await ports.files.exists(path).catch(() => false)) ? path : undefined)))).filter((p) => p !== undefined));
  const found = judgeMergeDriver(current, wanted, (path) => present.has(path));
  if (found.verdict === 'ok') return found;
  try {
    await ensureMergeDriver(git, ports.system);
  } catch {
    return found;
  }
  const before = current === '' ? 'it was not defined' : `it ran ${current}`;
  return { ...ok('merge-driver', found.title, `repaired: merge.${MERGE_DRIVER}.driver now runs this ois (${before})`), repaired: true };
}

export async function repairHooksCheck(git: Git, ports: { files: Files; system: Pick<System, 'execPath'> }, gitDir: string, top: string): Promise<CheckResult> {
  const facts = await probeHooks(git, ports.files, gitDir);
  if (facts.hooksPathElsewhere !== undefined) return judgeHooks(facts);
  const found = judgeHooks(facts);
  try {
    const result = await ensureHooks(git, ports, gitDir, top);
    if (result === 'up-to-date') return found;
    if (result === 'hooks-path-elsewhere') return found;
  } catch {
    return found;
  }
  const what = facts.installed ? 'it ran another ois or Node' : 'it was missing';
  return { ...ok('hooks', found.title, `repaired: the pre-commit hook now runs this ois (${what})`), repaired: true };
}

/** The `service` check: only when this clone has a service file. */
export async function repairServiceCheck(repo: Pick<Repo, 'top' | 'stateDir'>, ports: Ports): Promise<CheckResult | undefined> {
  const title = 'service file';
  const state = await repairServiceFile(repo, ports).catch(() => undefined);
  switch (state?.state) {
    case undefined:
      return undefined;
    case 'current':
      return ok('service', title, `${state.file} runs this ois`);
    case 'repaired':
      return { ...ok('service', title, `repaired: ${state.file} ran another ois or Node; rewritten and restarted (${state.commands.join('; ')})`), repaired: true };
    case 'rewritten':
      return {
        ...warn('service', title, `${state.file} ran another ois or Node: rewritten, but the service manager is not reachable from here (${state.reason})`, `Reload and restart it: ${state.commands.join(' && ')}`),
        repaired: true,
      };
    case 'failed':
      return fail('service', title, `${state.file} was rewritten for this ois, but \`${state.command}\` failed: ${state.detail}`, `Run \`ois service install\` again, then \`ois service status\`.`);
  }
}
