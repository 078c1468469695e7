import { testPorts } from '../../harness/ports.js';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTeam } from '../../src/app/setup/init.js';
import { joinTeam, type JoinResult } from '../../src/app/setup/join.js';
import { git, startGitDaemon, testEnv, type GitDaemon } from '../../harness/git-repos.js';

/**
 * A machine as a newcomer has it: its own HOME with no git identity at all (no GIT_AUTHOR_*, no
 * ~/.gitconfig), so that a commit by hand fails unless ois gave the clone an identity.
 */
export function machineEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = testEnv(home);
  for (const key of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']) delete env[key];
  return { ...env, ...extra };
}

export interface PlainRemote {
  root: string;
  /** Where the bare repositories live (served by the daemon). */
  base: string;
  daemon: GitDaemon;
  /** `git://127.0.0.1:PORT/<name>` */
  url(name: string): string;
  /** A machine's folder and environment. */
  machine(name: string): Promise<{ dir: string; env: Record<string, string> }>;
  cleanup(): Promise<void>;
}

/**
 * Bare repositories made the plain way (`git init --bare`, HEAD at `master`) in a folder served by
 * `git daemon` on 127.0.0.1 with push enabled. `origin.git` exists from the start (the daemon's
 * readiness probe); `bare(name)` makes more.
 */
export async function plainRemote(): Promise<PlainRemote & { bare(name: string, ...initArgs: string[]): Promise<string> }> {
  const root = await mkdtemp(join(tmpdir(), 'ois-newcomer-'));
  const base = join(root, 'srv');
  const env = testEnv(root);
  await mkdir(base, { recursive: true });
  const bare = async (name: string, ...initArgs: string[]): Promise<string> => {
    await git(base, ['init', '-q', '--bare', ...initArgs, name], env);
    return join(base, name);
  };
  await bare('origin.git');
  const daemon = await startGitDaemon(base, env);
  return {
    root,
    base,
    daemon,
    bare,
    url: (name) => daemon.url(name),
    machine: async (name) => {
      const dir = join(root, name);
      await mkdir(join(dir, 'home'), { recursive: true });
      return { dir, env: machineEnv(join(dir, 'home')) };
    },
    cleanup: async () => {
      await daemon.stop();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** The founder's machine: `ois init` with the founding member, then `git push -u origin main`. */
export async function foundTeam(remote: PlainRemote, url: string, id = 'aria', gateway = 'http://127.0.0.1:18789'): Promise<{ dir: string; env: Record<string, string> }> {
  const machine = await remote.machine(`founder-${id}`);
  const dir = join(machine.dir, 'team');
  await initTeam({ dir, team: 'acme', identity: { id, name: id.toUpperCase(), gateway }, remote: url }, testPorts(machine.env));
  await git(dir, ['push', '-q', '-u', 'origin', 'main'], machine.env);
  return { dir, env: machine.env };
}

/** `ois join` on a fresh machine named after `id`. */
export async function joinFresh(remote: PlainRemote, url: string, id: string, gateway?: string): Promise<JoinResult & { env: Record<string, string> }> {
  const machine = await remote.machine(id);
  const identity = gateway === undefined ? { id, name: id.toUpperCase() } : { id, name: id.toUpperCase(), gateway };
  const result = await joinTeam({ remote: url, dir: join(machine.dir, 'team'), identity, cwd: machine.dir }, testPorts(machine.env));
  return { ...result, env: machine.env };
}
