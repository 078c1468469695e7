import { execFile } from 'node:child_process';

export interface CommandResult {
  /** The exit code; null when the command could not start, timed out or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program does not exist (ENOENT) or could not be started. */
  startError?: string;
}

/**
 * Runs a program with an argument array (never a shell), bounded by `timeoutMs`, `input` written to
 * its standard input. Never throws: a missing program or a timeout comes back as `code: null`.
 *
 * @example const { code, stdout } = await runCommand('systemctl', ['--user', 'is-active', 'x.service'])
 */
export function runCommand(
  program: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: Readonly<Record<string, string | undefined>>; cwd?: string; input?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      program,
      [...args],
      {
        timeout: options.timeoutMs ?? 10_000,
        maxBuffer: 4 * 1024 * 1024,
        windowsHide: true,
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        ...(options.env === undefined ? {} : { env: options.env as NodeJS.ProcessEnv }),
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ code: 0, stdout, stderr });
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'number') return resolve({ code, stdout, stderr });
        resolve({ code: null, stdout, stderr, startError: typeof code === 'string' ? code : error.message });
      },
    );
    // `input` goes to standard input (secrets travel this way, never in the arguments other users can see).
    if (options.input !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
  });
}
