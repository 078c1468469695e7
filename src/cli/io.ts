/**
 * What a command may touch of the process. The CLI is built around this so that tests run
 * commands in-process (`createProgram(io)`) and read what they printed.
 */
export interface CliIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour, human formats). */
  readonly isTTY: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Reads all of standard input (for `ois say` without MESSAGE, `ois token set`). */
  readStdin(): Promise<string>;
  /** Sets the exit code without throwing, for results such as "lint found errors". */
  setExitCode(code: number): void;
  /** An abort signal fired on SIGINT/SIGTERM (long-running commands watch it). */
  readonly signal: AbortSignal;
  /**
   * Asks the person at the terminal one question and resolves their answer; undefined when there is no
   * terminal to ask (standard input is not a TTY), so that nothing is ever confirmed silently.
   */
  ask?(question: string): Promise<string | undefined>;
}

export function processIO(signal: AbortSignal): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    setExitCode: (code) => {
      process.exitCode = code;
    },
    signal,
    ask: async (question) => {
      if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question, { signal });
      } catch {
        return undefined;
      } finally {
        rl.close();
      }
    },
  };
}
