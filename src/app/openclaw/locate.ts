import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { CommandResult, Files, Processes, System } from '../../ports/index.js';

/**
 * Finding and running this machine's `openclaw` command line, through the ports: the executable is
 * looked up with the files port, and every run goes through `ports.processes` (an argument array,
 * never a shell, bounded by a timeout, never throwing).
 */

/** The `openclaw` command line of this machine, ready to run (see {@link locateOpenClaw}). */
export interface OpenClawCli {
  /** What runs, for messages: the executable found, or `node /path/openclaw.mjs`. */
  readonly display: string;
  /**
   * Runs `openclaw ARGS` with `OPENCLAW_STATE_DIR` set when a state dir was given, `input` on
   * standard input; bounded (30 s unless told). Never throws.
   */
  run(args: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<CommandResult>;
}

export interface LocateOptions {
  /** `--openclaw PATH`: an executable, or OpenClaw's `openclaw.mjs` (run with this Node). */
  path?: string;
  /** `--state-dir DIR`: passed to OpenClaw as `OPENCLAW_STATE_DIR` (its own rules apply otherwise). */
  stateDir?: string;
  cwd: string;
}

export interface LocatePorts {
  files: Pick<Files, 'canUse'>;
  processes: Processes;
  system: Pick<System, 'env' | 'platform' | 'execPath'>;
}

/**
 * Finds OpenClaw's command line: `--openclaw PATH`, else `$OIS_OPENCLAW`, else `openclaw` on PATH.
 * A `.mjs`/`.js` path is run with this process's Node (OpenClaw needs Node 24, as ois's own scripts
 * use). Undefined when there is none. Every run gets `NO_COLOR=1`, so its output is plain text.
 *
 * @example const openclaw = await locateOpenClaw(ports, { cwd: io.cwd }); await openclaw?.run(['--version'])
 */
export async function locateOpenClaw(ports: LocatePorts, options: LocateOptions): Promise<OpenClawCli | undefined> {
  const { env, execPath } = ports.system;
  const given = options.path ?? env.OIS_OPENCLAW;
  const found =
    given !== undefined && given.trim() !== ''
      ? await usable(ports.files, resolve(options.cwd, given.trim()), /\.[cm]?js$/.test(given.trim()))
      : await onPath(ports, 'openclaw');
  if (found === undefined) return undefined;
  const script = /\.[cm]?js$/.test(found);
  const program = script ? execPath : found;
  const prefix = script ? [found] : [];
  const runEnv: Record<string, string | undefined> = { ...env, NO_COLOR: '1', FORCE_COLOR: '0' };
  if (options.stateDir !== undefined) runEnv.OPENCLAW_STATE_DIR = resolve(options.cwd, options.stateDir);
  return {
    display: script ? `${execPath} ${found}` : found,
    run: (args, runOptions = {}) =>
      ports.processes.run(program, [...prefix, ...args], {
        env: runEnv,
        timeoutMs: runOptions.timeoutMs ?? 30_000,
        ...(runOptions.input === undefined ? {} : { input: runOptions.input }),
      }),
  };
}

/**
 * The first executable named `name` on PATH (on Windows also `name.cmd`, `name.exe`), or undefined.
 *
 * @example await onPath(ports, 'ois') // '/usr/local/bin/ois'
 */
export async function onPath(ports: Pick<LocatePorts, 'files' | 'system'>, name: string): Promise<string | undefined> {
  const { env, platform } = ports.system;
  const names = platform === 'win32' ? [`${name}.cmd`, `${name}.exe`, name] : [name];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    for (const candidate of names) {
      const path = await usable(ports.files, join(dir, candidate), false);
      if (path !== undefined) return path;
    }
  }
  return undefined;
}

async function usable(files: Pick<Files, 'canUse'>, path: string, readable: boolean): Promise<string | undefined> {
  return (await files.canUse(path, readable ? 'read' : 'execute')) ? path : undefined;
}
