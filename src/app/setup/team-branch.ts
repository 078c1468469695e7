/**
 * Which branch of a remote is the team's: read from the fetched remote-tracking branches (never from
 * the remote's HEAD alone), refusing a repository that holds no ois team.
 */
import type { Git } from '../../adapters/git.js';
import { readBlobs } from '../../core/git/objects.js';
import { remoteTrackingBranches, symbolicTarget } from '../../core/git/setup.js';
import type { TeamConfig } from '../../core/config/team.js';
import { configAtRev } from '../in-force/config.js';
import type { FileProblem } from '../in-force/problem.js';
import { OisError } from '../../core/errors.js';
import { redactUrls } from '../../core/redact.js';
import { CONFIG_FILE, REMOTE, trackingRef } from '../clone/repo.js';

export interface TeamBranch {
  branch: string;
  config: TeamConfig;
  /** Set when the branch's ois.config.json is not valid: what is wrong, and which version is in force instead. */
  configProblem?: FileProblem;
}

/**
 * The branch a clone's team lives on, read from the fetched remote-tracking branches, never from the
 * remote's HEAD: a bare repository made with plain `git init --bare` points HEAD at `master` while the
 * team pushes `main`, and one made for a team can have HEAD unset. Candidates, in order: the remote's
 * HEAD (when it names a branch that exists), `main`, `master`, then the other branches; the first
 * that holds both ois.config.json and AGENTS.md is the team's, and its `branch` setting names the
 * branch ois syncs. Throws NOT_A_TEAM (with the command that makes one) when no branch does.
 */
export async function findTeamBranch(git: Git, remote: string): Promise<TeamBranch> {
  const branches = await git.exec(remoteTrackingBranches(REMOTE));
  const where = redactUrls(remote);
  if (branches.length === 0) {
    throw new OisError('NOT_A_TEAM', `${where} is an empty repository: there is no team to join yet`, {
      hint: `To found the team there: \`ois init DIR --team NAME --remote ${where} --id ID --name NAME --gateway URL\`, then \`git push -u origin main\` in DIR (docs/how-to-join.md).`,
    });
  }
  const head = ((await git.exec(symbolicTarget(`refs/remotes/${REMOTE}/HEAD`)).catch(() => undefined)) ?? '').replace(`${REMOTE}/`, '');
  const candidates = [...new Set([head, 'main', 'master', ...[...branches].sort()])].filter((name) => branches.includes(name));
  const texts = await git.exec(readBlobs(candidates.flatMap((name) => [`${trackingRef(name)}:${CONFIG_FILE}`, `${trackingRef(name)}:AGENTS.md`])));
  const found = candidates.findIndex((_, i) => texts[2 * i] !== undefined && texts[2 * i + 1] !== undefined);
  const name = candidates[found];
  if (name === undefined) {
    throw new OisError('NOT_A_TEAM', `${where} is not an ois team repository: no branch (${candidates.slice(0, 4).join(', ')}) holds ${CONFIG_FILE} and AGENTS.md`, {
      hint: `Nothing was changed there. If it should become the team's repository: clone it, run \`ois init . --team NAME --id ID --name NAME --gateway URL\` in the clone and push; then run \`ois join\` again.`,
    });
  }
  // A pushed config that fails validation must not keep anyone from joining: its last valid version is in force.
  const result = await configAtRev(git, trackingRef(name));
  const branch = result.config.branch;
  if (!branches.includes(branch)) {
    throw new OisError('NOT_A_TEAM', `${CONFIG_FILE} on branch ${name} says the team branch is "${branch}", which ${where} does not have`, {
      hint: `Ask a member to push ${branch} (or to fix "branch" in ${CONFIG_FILE}), then run \`ois join\` again.`,
    });
  }
  return { branch, config: result.config, ...(result.problem ? { configProblem: result.problem } : {}) };
}
