import { access, constants, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { runCommand, type CommandResult } from './run-command.js';

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

/**
 * Finds OpenClaw's command line: `--openclaw PATH`, else `$OIS_OPENCLAW`, else `openclaw` on PATH.
 * A `.mjs`/`.js` path is run with this process's Node (OpenClaw needs Node 24, as ois's own scripts
 * use). Undefined when there is none. Every run gets `NO_COLOR=1`, so its output is plain text.
 *
 * @example const openclaw = await locateOpenClaw(io.env, { cwd: io.cwd }); await openclaw?.run(['--version'])
 */
export async function locateOpenClaw(env: Readonly<Record<string, string | undefined>>, options: LocateOptions): Promise<OpenClawCli | undefined> {
  const given = options.path ?? env.OIS_OPENCLAW;
  const found = given !== undefined && given.trim() !== '' ? await executable(resolve(options.cwd, given.trim()), /\.[cm]?js$/.test(given.trim())) : await onPath('openclaw', env);
  if (found === undefined) return undefined;
  const script = /\.[cm]?js$/.test(found);
  const program = script ? process.execPath : found;
  const prefix = script ? [found] : [];
  const runEnv: Record<string, string | undefined> = { ...env, NO_COLOR: '1', FORCE_COLOR: '0' };
  if (options.stateDir !== undefined) runEnv.OPENCLAW_STATE_DIR = resolve(options.cwd, options.stateDir);
  return {
    display: script ? `${process.execPath} ${found}` : found,
    run: (args, runOptions = {}) =>
      runCommand(program, [...prefix, ...args], {
        env: runEnv,
        timeoutMs: runOptions.timeoutMs ?? 30_000,
        ...(runOptions.input === undefined ? {} : { input: runOptions.input }),
      }),
  };
}

/**
 * The first executable named `name` on PATH (on Windows also `name.cmd`, `name.exe`), or undefined.
 *
 * @example await onPath('ois', process.env) // '/usr/local/bin/ois'
 */
export async function onPath(name: string, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [`${name}.cmd`, `${name}.exe`, name] : [name];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    for (const candidate of names) {
      const path = await executable(join(dir, candidate), false);
      if (path !== undefined) return path;
    }
  }
  return undefined;
}

async function executable(path: string, readable: boolean): Promise<string | undefined> {
  try {
    await access(path, readable ? constants.R_OK : constants.X_OK);
    return (await stat(path)).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}
