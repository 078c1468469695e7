import { spawn } from 'node:child_process';
import { GitError, simpleGit, type SimpleGit } from 'simple-git';

/**
 * The git adapter: every git command of ois goes through `Git.run`, as an argument array (never a
 * shell), with a timeout, no terminal prompts and C-locale messages, so failures can be classified.
 */
export interface Git {
  readonly dir: string;
  /** Runs `git <args>` in `dir`; resolves stdout, rejects with GitCommandError. */
  run(args: readonly string[], options?: RunOptions): Promise<string>;
  /** Runs `git <args>` with `input` on its standard input (`cat-file --batch`); resolves stdout as bytes. */
  runWithInput(args: readonly string[], input: string, options?: RunOptions): Promise<Buffer>;
}

export interface RunOptions {
  /** Extra environment variables for this command only. */
  env?: Record<string, string>;
  /** Kill the command after this many ms without output (default: the adapter's). */
  timeoutMs?: number;
}

export class GitCommandError extends Error {
  readonly stderr: string;
  constructor(
    readonly args: readonly string[],
    stderr: string,
  ) {
    const text = withoutTrace(stderr);
    super(`git ${args[0] ?? ''} failed: ${text.trim().split('\n').slice(-3).join(' | ')}`);
    this.name = 'GitCommandError';
    this.stderr = text;
  }
}

const TRACE_LINE = /^\d{2}:\d{2}:\d{2}\.\d+ \S+:\d+ +trace: .*$\n?/gm;

/** git's own messages, without the GIT_TRACE lines (see gitEnvironment). */
export function withoutTrace(stderr: string): string {
  return stderr.replace(TRACE_LINE, '');
}

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

/** @example const git = createGit('/path/to/clone'); await git.run(['status', '--porcelain']) */
export function createGit(dir: string, options: GitOptions = {}): Git {
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
      // simple-git has no standard input: these few commands are spawned directly, with the same
      // environment and time bound.
      const env = runOptions.env ? { ...baseEnv, ...runOptions.env } : baseEnv;
      return runPiped(dir, args, input, env, runOptions.timeoutMs ?? timeoutMs);
    },
  };
}

function runPiped(dir: string, args: readonly string[], input: string, env: Record<string, string>, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin.on('error', () => undefined); // git exiting early surfaces through its exit code
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new GitCommandError(args, `spawn git: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(out));
      const why = signal ? `killed (${signal}) after ${timeoutMs} ms` : `exit ${code}`;
      reject(new GitCommandError(args, `${Buffer.concat(err).toString('utf8')}\n${why}`));
    });
    child.stdin.end(input);
  });
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
