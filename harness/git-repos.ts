/**
 * A team in a temp dir for tests and the bench: a bare origin, clones joined with `ois`, an isolated
 * environment (no user git config, no prompts), `git daemon` on 127.0.0.1. Everything it creates is
 * under the sandbox root, removed by `cleanup()`.
 */
import { testPorts } from './ports.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openRepo } from '../src/app/clone/repo.js';
import { initTeam } from '../src/app/setup/init.js';
import { joinTeam } from '../src/app/setup/join.js';
import { runCycle, type CycleDeps, type CycleOutcome } from '../src/app/sync/cycle.js';
import { systemCycleDeps } from '../src/wiring/cycle-deps.js';

const exec = promisify(execFile);

/** An environment for git in tests: no user config, no prompts, a fixed identity for raw git calls. */
export function testEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    OIS_CONFIG_DIR: join(home, '.config', 'ois'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    LANG: 'C.UTF-8',
    // `ois init` pins the CI's ois with npm: tests stay off the network (it fails fast, and says so).
    npm_config_offline: 'true',
  };
}

/** Runs git with an argument array; bounded by a timeout. */
export async function git(cwd: string, args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await exec('git', args, { cwd, env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export interface Sandbox {
  root: string;
  env: Record<string, string>;
  /** file:// URL of the bare origin. */
  remote: string;
  bare: string;
  cleanup(): Promise<void>;
}

/** A temp folder with a bare origin holding a freshly initialised team repository. */
export async function teamSandbox(team = 'test-team', sync?: Record<string, number>): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'ois-test-'));
  const env = testEnv(root);
  const bare = join(root, 'origin.git');
  await git(root, ['init', '-q', '--bare', '-b', 'main', bare], env);
  const seed = join(root, 'seed');
  await initTeam({ dir: seed, team, remote: bare }, testPorts(env));
  if (sync) {
    const file = join(seed, 'ois.config.json');
    const config = JSON.parse(await readFile(file, 'utf8')) as { sync: Record<string, number> };
    config.sync = { ...config.sync, ...sync };
    await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
    await git(seed, ['commit', '-q', '--no-verify', '-am', 'test: sync settings'], env);
  }
  await git(seed, ['push', '-q', 'origin', 'main'], env);
  // OIS_KEEP_SANDBOX=1 leaves the sandbox on disk (its path is printed) to read a failed run's clones and logs.
  const keep = process.env.OIS_KEEP_SANDBOX === '1';
  const cleanup = keep ? async () => void process.stderr.write(`sandbox kept: ${root}\n`) : () => rm(root, { recursive: true, force: true, maxRetries: 3 });
  return { root, env, remote: bare, bare, cleanup };
}

/** Clones the team repository as agent `id` with `ois join`. */
export async function joinAs(box: Sandbox, id: string, remote = box.remote, name = id.toUpperCase()): Promise<string> {
  const { top } = await joinTeam({ remote, dir: join(box.root, id), identity: { id, name }, cwd: box.root }, testPorts(box.env));
  return top;
}

/** A free TCP port on 127.0.0.1 (there is a small race until the caller binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface GitDaemon {
  url: (repoName: string) => string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** `git daemon` on 127.0.0.1 serving `baseDir` (push enabled), stopped by `stop()`. */
export async function startGitDaemon(baseDir: string, env: Record<string, string>): Promise<GitDaemon> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = (name: string): string => `git://127.0.0.1:${port}/${name}`;
  const start = async (): Promise<void> => {
    child = spawn(
      'git',
      ['daemon', '--reuseaddr', `--base-path=${baseDir}`, '--export-all', '--enable=receive-pack', '--listen=127.0.0.1', `--port=${port}`, '--informative-errors', baseDir],
      { env, stdio: 'ignore' },
    );
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await exec('git', ['ls-remote', url('origin.git')], { env, timeout: 5_000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`git daemon did not start: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return { url, stop, start };
}

/** One sync cycle in clone `dir`, in process, as its agent (what `ois sync` runs without a watcher). */
export async function cycleIn(box: Sandbox, dir: string, pushFirst = false, deps: CycleDeps = systemCycleDeps()): Promise<CycleOutcome> {
  const repo = await openRepo(dir, testPorts(box.env));
  if (!repo.identity) throw new Error(`no ois identity in ${dir}`);
  return runCycle(repo, repo.identity, deps, { pushFirst });
}
