import { dirname, join } from 'node:path';
import type { Files, Processes, System } from '../../ports/index.js';

/** What pinning the CI's ois did. */
export type CiPin =
  | { pinned: true; spec: string }
  /** package-lock.json could not be written; package.json still names an exact version, and `npm ci` fails closed without the lock. */
  | { pinned: false; spec: string; problem: string };

/**
 * Pins the ois that the team's CI runs (`npm ci`, then `npx --no -- ois lint`): writes
 * package-lock.json in `top` with `npm install --package-lock-only --save-exact`, which records the
 * exact version, where it comes from and its integrity (sha512) for ois and every dependency. No
 * range, no install script, nothing installed. `spec` is what to install: `@ois-sync/ois@<version>`
 * normally; a tarball path or URL for a private mirror. Needs npm and the registry (a few seconds).
 *
 * npm runs through `ports.processes`, with the environment of `ports.system`.
 *
 * @example await pinCiPackage(ports, '/srv/acme', '@ois-sync/ois@0.1.0')
 */
export async function pinCiPackage(ports: { files: Files; processes: Processes; system: System }, top: string, spec: string): Promise<CiPin> {
  const args = ['install', '--package-lock-only', '--save-exact', '--save-dev', '--ignore-scripts', '--no-audit', '--no-fund', spec];
  const [program, programArgs] = await npmCommand(ports, args);
  const result = await ports.processes.run(program, programArgs, { cwd: top, env: ports.system.env, timeoutMs: 180_000 });
  if (result.code === 0) return { pinned: true, spec };
  const reason = result.startError ?? lastErrorLine(result.stderr) ?? `npm exited with ${result.code ?? 'a signal'}`;
  return { pinned: false, spec, problem: reason };
}

/** npm as a program: `npm` on PATH, or on Windows npm's own script beside node (a .cmd cannot run without a shell). */
async function npmCommand(ports: { files: Files; system: System }, args: string[]): Promise<[string, string[]]> {
  const { execPath, platform } = ports.system;
  if (platform !== 'win32') return ['npm', args];
  const cli = join(dirname(execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return (await ports.files.exists(cli)) ? [execPath, [cli, ...args]] : ['npm.exe', args];
}

function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((line) => line.replace(/^npm (?:error|ERR!) ?/, '').trim()).filter(Boolean);
  const code = lines.find((line) => /^code E/.test(line));
  const message = lines.find((line) => !/^(code|A complete log|errno|syscall|path)\b/.test(line));
  return [code, message].filter(Boolean).join(': ') || undefined;
}
