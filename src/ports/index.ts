/**
 * The ports: every side effect the app layer may cause goes through one of these interfaces, built
 * once per command by the wiring module (src/wiring/ports.ts) and passed in. `src/app` imports only
 * the types from here (and from src/adapters); `npm run lint` enforces it (eslint.config.js).
 */
import type { Clock } from './clock.js';
import type { Files } from './files.js';
import type { Processes } from './processes.js';
import type { Random } from './random.js';
import type { System } from './system.js';
import type { Logger } from '../adapters/log.js';

export type { Clock } from './clock.js';
export type { Files, FileInfo } from './files.js';
export type { Git, RunOptions } from './git.js';
export type { Processes, CommandResult, RunCommandOptions } from './processes.js';
export type { Random } from './random.js';
export type { System } from './system.js';
export type { Logger, LogEvent, Level } from '../adapters/log.js';
export type { GatewayClient, CallOptions } from '../adapters/gateway.js';

/** The ports every command gets. Git clients are made per clone (`createGit` in the wiring's `gitFor`). */
export interface Ports {
  files: Files;
  clock: Clock;
  random: Random;
  processes: Processes;
  system: System;
  log: Logger;
  /** A new Gateway client (its own connection pool and timeouts); the caller closes it when done. */
  gateway(options?: import('../adapters/gateway.js').GatewayClientOptions): import('../adapters/gateway.js').GatewayClient;
  /** A git client for the work tree or git dir at `dir`. */
  gitFor(dir: string, options?: { timeoutMs?: number }): import('./git.js').Git;
}
