/** Facts about the machine and the process that a command may read (all injected, never global). */
export interface System {
  /** The process environment (never logged: it holds tokens). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly tmp: string;
  readonly cwd: string;
  readonly pid: number;
  /** The Node executable running ois (`process.execPath`): what the merge driver, hooks and service run. */
  readonly execPath: string;
  /** The numeric user id (POSIX); undefined on Windows. */
  readonly uid: number | undefined;
}
