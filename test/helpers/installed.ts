import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The package as a user gets it: `npm pack` of this checkout (dist must be built: `npm test` builds
 * first), installed with `npm install -g` into a machine's own prefix, never linked to the checkout.
 * npm reaches the registry for what its cache lacks (the cache is the user's, so a second run is
 * offline in practice).
 */
const exec = promisify(execFile);
export const REPO = join(import.meta.dirname, '..', '..');

/** The Node version the project's `node` devDependency installs: on the npm registry, and in the npm cache after `npm ci`. */
export async function node24Version(): Promise<string> {
  return (JSON.parse(await readFile(join(REPO, 'node_modules', 'node', 'package.json'), 'utf8')) as { version: string }).version;
}

/** `npm pack` into `dest`; returns the tarball's path. Scripts are skipped: the build already ran and other tests read dist/. */
export async function packTarball(dest: string): Promise<string> {
  await mkdir(dest, { recursive: true });
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: REPO, env: npmEnv(process.env.HOME ?? homedir()), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!info) throw new Error('npm pack printed nothing');
  return join(dest, info.filename);
}

/**
 * The host's npm settings a fresh HOME would lose but that reaching the registry needs here (a CA
 * file for a TLS-inspecting proxy, another registry): passed on as npm_config_* variables.
 */
export async function hostNpmSettings(): Promise<Record<string, string>> {
  const settings: Record<string, string> = {};
  for (const key of ['cafile', 'registry', 'strict-ssl']) {
    const { stdout } = await exec('npm', ['config', 'get', key], { env: { ...process.env }, timeout: 30_000 }).catch(() => ({ stdout: '' }));
    const value = stdout.trim();
    if (value !== '' && value !== 'undefined' && value !== 'null') settings[`npm_config_${key.replace(/-/g, '_')}`] = value;
  }
  return settings;
}

/** PATH as the machine has it, without the folders `npm run` prepends (this checkout's node_modules/.bin and its Node 24). */
export function systemPath(): string {
  return (process.env.PATH ?? '/usr/bin:/bin')
    .split(delimiter)
    .filter((dir) => dir !== '' && !dir.includes('node_modules'))
    .join(delimiter);
}

/**
 * The environment of a machine whose user is `home`: the system PATH with the user's `~/.local/bin`
 * first (the README's PATH line, as if ~/.profile had it), the user's npm cache shared, npm quiet.
 */
export function npmEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['LANG', 'TMPDIR', 'TERM']) if (process.env[key] !== undefined) env[key] = process.env[key] ?? '';
  return {
    ...env,
    HOME: home,
    PATH: [join(home, '.local', 'bin'), systemPath()].join(delimiter),
    npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (bounded), never throwing for its exit code. */
export function run(program: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number; input?: string }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(program, [...args], { cwd: options.cwd, env: options.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    // A program that exits before reading its input closes the pipe: that is its answer, not an error here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `sh -e -c script` in `cwd`: how the tests run a block of shell a document prints. */
export function sh(script: string, options: { cwd: string; env: Record<string, string>; timeoutMs?: number; input?: string }): Promise<Run> {
  return run('sh', ['-e', '-c', script], options);
}

/** Throws with the command's output unless it exited 0. */
export function ok(result: Run, what: string): Run {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  return result;
}
