/** What a program run through the processes port returned. */
export interface CommandResult {
  /** The exit code; null when the command could not start, timed out or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program does not exist (ENOENT) or could not be started. */
  startError?: string;
}

export interface RunCommandOptions {
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  input?: string;
}

/** Running other programs (systemctl, openclaw, ois itself): an argument array, never a shell; never throws. */
export interface Processes {
  run(program: string, args: readonly string[], options?: RunCommandOptions): Promise<CommandResult>;
}
