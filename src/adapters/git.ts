import { spawn } from 'node:child_process';
import { GitError, simpleGit, type SimpleGit } from 'simple-git';

import type { GitOperation } from '../core/git/operation.js';
import { GitCommandError, withoutTrace } from '../core/git/error.js';
import type { Git, RunOptions } from '../ports/git.js';
import { join } from 'node:path';
import { readRefFile } from './ref-file.js';
import { boundedMemo } from '../core/bounded-memo.js';

export type { Git, RunOptions } from '../ports/git.js';
export { GitCommandError, withoutTrace } from '../core/git/error.js';

export interface GitOptions {
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** Set per command by ois: the agent's identity (see core/identity.ts) and a temporary index (sync/merge-trees.ts). */
const PER_COMMAND_KEYS = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_INDEX_FILE'];

/** Environment for git: the caller's, minus prompts, plus a C locale and a non-interactive ssh. */
export function gitEnvironment(base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  // ois never wants an editor or a pager: git must not stop and wait for one.
  for (const key of ['GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'EDITOR', 'VISUAL', 'GIT_PAGER', 'PAGER', 'GIT_EXTERNAL_DIFF']) {
    delete env[key];
  }
  env.GIT_TERMINAL_PROMPT = '0';
  // simple-git waits an extra 50 ms after every command that printed nothing at all (its completion
  // plugin), which would triple the cost of a quiet `git add` or `git commit -q`. One trace line on
  // stderr per command avoids that wait; the lines are stripped from every error (withoutTrace).
  env.GIT_TRACE = '2';
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  // A passphrase or host-key prompt would hang a background process: fail instead, with a message.
  env.GIT_SSH_COMMAND ??= 'ssh -o BatchMode=yes -o ConnectTimeout=15';
  return env;
}

/**
 * The adapter's git: the port's `exec`, plus argument-list spellings for tests and scripts that set up
 * repositories (`run`, through simple-git's queue; `runWithInput`, with standard input). src/app only
 * sees the port, so it cannot spell argument lists.
 */
export interface ArgvGit extends Git {
  /** Runs `git <args>` in `dir`; resolves stdout, rejects with GitCommandError. */
  run(args: readonly string[], options?: RunOptions): Promise<string>;
  /** Runs `git <args>` with `input` on its standard input; resolves stdout as bytes. */
  runWithInput(args: readonly string[], input: string, options?: RunOptions): Promise<Buffer>;
}

/** @example const git = createGit('/path/to/clone'); await git.run(['status', '--porcelain']) */
export function createGit(dir: string, options: GitOptions = {}): ArgvGit {
  const baseEnv = gitEnvironment(options.env ?? process.env);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clients = new Map<number, SimpleGit>();
  const client = (ms: number): SimpleGit => {
    let found = clients.get(ms);
    if (!found) {
      found = simpleGit({
        baseDir: dir,
        maxConcurrentProcesses: 1,
        // Treat the process as done on `close`, without simple-git's extra wait after `exit`.
        completion: { onClose: true, onExit: false },
        // A non-zero exit that printed nothing but trace lines (`config --get` of a missing key,
        // `rev-parse --verify -q`, `merge-tree` with conflicts) resolves with its stdout, as it would
        // without GIT_TRACE; real errors carry git's messages without the trace lines.
        errors: (error, result) => {
          // A spawn failure (git missing) is not git's answer: keep it.
          if (error instanceof Error && !(error instanceof GitError)) return error;
          if (!result.exitCode) return error;
          const stderr = withoutTrace(Buffer.concat(result.stdErr).toString('utf8'));
          if (stderr.trim() === '') return undefined;
          return Buffer.concat([...result.stdOut, Buffer.from(stderr, 'utf8')]);
        },
        timeout: { block: ms },
        // ois passes the user's own GIT_* settings (GIT_SSH_COMMAND, proxies, CA files) on deliberately.
        allowEnvironment: [...Object.keys(baseEnv), ...PER_COMMAND_KEYS],
        // simple-git's guards protect programs that pass untrusted text into git's argv. ois's arguments
        // are fixed in code (repository paths go after `--` or through a pathspec file), and the
        // environment is the user's own or git's (inside hooks git sets GIT_EXEC_PATH, GIT_DIR …),
        // so the guards that concern the environment and ois's own config are lifted.
        unsafe: {
          allowUnsafeSshCommand: true,
          allowUnsafeMergeDriver: true,
          allowUnsafeAskPass: true,
          allowUnsafeConfigEnvCount: true,
          allowUnsafeGitProxy: true,
          allowUnsafeCredentialHelper: true,
          allowUnsafeExec: true,
          allowUnsafeEditor: true,
          allowUnsafePager: true,
          allowUnsafeTemplateDir: true,
          allowUnsafeConfigPaths: true,
          allowUnsafeHooksPath: true,
          allowUnsafeFsMonitor: true,
        },
      });
      clients.set(ms, found);
    }
    return found;
  };
  return {
    dir,
    async run(args, runOptions = {}) {
      const env = runOptions.env ? { ...baseEnv, ...runOptions.env } : baseEnv;
      const git = client(runOptions.timeoutMs ?? timeoutMs);
      try {
        return await git.env(env).raw([...args]);
      } catch (error) {
        throw new GitCommandError(args, errorText(error));
      }
    },
    runWithInput(args, input, runOptions = {}) {
      const env = runOptions.env ? { ...baseEnv, ...runOptions.env } : baseEnv;
      return spawnGit(dir, { args, input }, env, runOptions.timeoutMs ?? timeoutMs, runOptions.signal).then((r) => r.stdout);
    },
    async exec<T>(operation: GitOperation<T>, runOptions: RunOptions = {}): Promise<T> {
      const extra = operation.env || runOptions.env ? { ...operation.env, ...runOptions.env } : undefined;
      const env = extra ? { ...baseEnv, ...extra } : baseEnv;
      const fromFiles = await refFromFiles(dir, operation.args, env);
      if (fromFiles?.known) return operation.parse(Buffer.from(`${fromFiles.sha}\n`), 0);
      const key = operation.settled ? settledKey(dir, operation) : undefined;
      const remembered = key === undefined ? undefined : settledAnswers.get(key);
      if (remembered !== undefined) return operation.parse(remembered.stdout, remembered.exitCode);
      const { stdout, exitCode } = await spawnGit(dir, operation, env, runOptions.timeoutMs ?? timeoutMs, runOptions.signal);
      if (key !== undefined) settledAnswers.set(key, { stdout, exitCode });
      // git said the ref's own object is a commit: an object's type never changes, so the file answers next time.
      if (fromFiles !== undefined && exitCode === 0 && stdout.toString('utf8').trim() === fromFiles.sha) knownCommits.set(fromFiles.sha, true);
      return operation.parse(stdout, exitCode);
    },
  };
}

/**
 * Answers of settled operations (GitOperation.settled: object ids in, so the same answer forever),
 * per clone folder: a burst asks `merge-base` and `rev-list --left-right --count` of the same pair of
 * commits again on every retry. Failures are never kept.
 */
const settledAnswers = boundedMemo<string, { stdout: Buffer; exitCode: number }>(2_000);
const settledKey = (dir: string, operation: GitOperation<unknown>): string => `${dir}\0${operation.args.join('\0')}\0${operation.input ?? ''}`;

/**
 * The refs whose files may answer `rev-parse --verify -q <ref>^{commit}`: HEAD, branches and the
 * remote-tracking branch, which only ever hold commits (git refuses anything else in a branch, on
 * push too).
 */
const FILE_REFS = /^(HEAD|refs\/(heads|remotes)\/[^\s:^~?*[\\]+)\^\{commit\}$/;
/**
 * Refs that may hold anything: a teammate can push a notes ref that points at a blob, which git answers
 * as no commit. Their files answer only with an object git already called a commit in this process.
 */
const CHECKED_REFS = /^(refs\/notes\/[^\s:^~?*[\\]+)\^\{commit\}$/;

/** Objects git answered as commits (an object's type never changes). */
const knownCommits = boundedMemo<string, true>(10_000);

/**
 * `rev-parse --verify -q <ref>^{commit}` read from the clone's ref files (a loose ref, else
 * packed-refs): the watcher asks these on every cycle and bookkeeping step (HEAD and the wake notes
 * refs: ~8 % of the git processes of a burst). `known` when the files answer for git: HEAD, a branch
 * or a remote-tracking ref, or a notes ref at an object git called a commit before; otherwise git is
 * asked (and a `sha` it confirms is remembered). Undefined when the files do not say, or when the
 * environment points git elsewhere (GIT_DIR inside a hook, a linked work tree whose `.git` is a file).
 */
async function refFromFiles(dir: string, args: readonly string[], env: Readonly<Record<string, string>>): Promise<{ sha: string; known: boolean } | undefined> {
  if (args.length !== 4 || args[0] !== 'rev-parse' || args[1] !== '--verify' || args[2] !== '-q') return undefined;
  if (env.GIT_DIR !== undefined || env.GIT_COMMON_DIR !== undefined) return undefined;
  const gitDir = join(dir, '.git');
  const ref = FILE_REFS.exec(args[3] ?? '')?.[1];
  if (ref !== undefined) {
    const sha = await readRefFile(gitDir, ref);
    return sha === undefined ? undefined : { sha, known: true };
  }
  const checked = CHECKED_REFS.exec(args[3] ?? '')?.[1];
  const sha = checked === undefined ? undefined : await readRefFile(gitDir, checked);
  return sha === undefined ? undefined : { sha, known: knownCommits.get(sha) === true };
}

/**
 * Runs one git process directly: operations (`exec`) and standard-input commands. simple-git serves
 * `run` (its queue and error shape), but it has no standard input, no per-call AbortSignal and no
 * exit code on its errors, which operations need (`merge-tree` exits 1 on conflicts as an answer);
 * see CONTRIBUTING.md "Git".
 */
function spawnGit(
  dir: string,
  command: { args: readonly string[]; input?: string | undefined; okExitCodes?: readonly number[] | undefined },
  env: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<{ stdout: Buffer; exitCode: number }> {
  const { args } = command;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new GitCommandError(args, 'aborted before it started', { aborted: true }));
    const child = spawn('git', [...args], { cwd: dir, env, stdio: [command.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let aborted = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin?.on('error', () => undefined); // git exiting early surfaces through its exit code
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (error) => {
      done();
      reject(new GitCommandError(args, `spawn git: ${error.message}`));
    });
    child.once('close', (code, killed) => {
      done();
      if (code !== null && (code === 0 || command.okExitCodes?.includes(code))) return resolve({ stdout: Buffer.concat(out), exitCode: code });
      const stderr = withoutTrace(Buffer.concat(err).toString('utf8'));
      const why = aborted ? 'aborted' : killed ? `killed (${killed}) after ${timeoutMs} ms` : `exit ${code}`;
      reject(new GitCommandError(args, `${stderr}\n${why}`, { exitCode: code, aborted }));
    });
    if (command.input !== undefined) child.stdin?.end(command.input);
  });
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
