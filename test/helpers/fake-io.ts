import type { CliIO } from '../../src/cli/io.js';

/** What a fake CliIO recorded. */
export interface FakeIO {
  io: CliIO;
  stdout(): string;
  stderr(): string;
  /** The last exit code a command set with `io.setExitCode` (undefined if none). */
  exitCode(): number | undefined;
}

/**
 * A CliIO for running commands in-process: output is captured, stdin is `stdin`, never a TTY.
 * @example const fake = fakeIO('/tmp/repo'); await runCli(['lint'], fake.io); fake.stdout()
 */
export function fakeIO(cwd: string, env: Record<string, string | undefined> = {}, stdin = ''): FakeIO {
  let out = '';
  let err = '';
  let code: number | undefined;
  const controller = new AbortController();
  const io: CliIO = {
    cwd,
    env,
    isTTY: false,
    out: (text) => {
      out += text.endsWith('\n') ? text : `${text}\n`;
    },
    err: (text) => {
      err += text.endsWith('\n') ? text : `${text}\n`;
    },
    readStdin: async () => stdin,
    setExitCode: (value) => {
      code = value;
    },
    signal: controller.signal,
  };
  return { io, stdout: () => out, stderr: () => err, exitCode: () => code };
}
