/**
 * The ports: every side effect the app layer may cause goes through one of these interfaces, built
 * once per command by the wiring module (src/wiring/ports.ts) and passed in. `src/app` imports only
 * the types from here (and from src/adapters); `npm run lint` enforces it (eslint.config.js).
 */
import type { Clock } from './clock.js';
import type { Files } from './files.js';
import type { Locks } from './locks.js';
import type { Processes } from './processes.js';
import type { Random } from './random.js';
import type { System } from './system.js';
import type { Logger } from '../adapters/log.js';
import type { GatewayClient, GatewayClientOptions } from '../adapters/gateway.js';

export type { Clock } from './clock.js';
export type { Files, FileInfo } from './files.js';
export type { Git, RunOptions } from './git.js';
export type { Locks, CloneLock, CloneLockAnswer, FileLockOptions } from './locks.js';
export type { Processes, CommandResult, RunCommandOptions } from './processes.js';
export type { Random } from './random.js';
export type { System } from './system.js';
export type { Logger, LogEvent, Level } from '../adapters/log.js';
export type { GatewayClient, GatewayClientOptions, CallOptions } from '../adapters/gateway.js';

/** The ports every command gets. Git clients are made per clone (`createGit` in the wiring's `gitFor`). */
export interface Ports {
  files: Files;
  clock: Clock;
  random: Random;
  /** The clone lock and file locks (docs/locking.md). */
  locks: Locks;
  processes: Processes;
  system: System;
  log: Logger;
  /** A new HTTP client for OpenClaw Gateways, with its own connection pool: `close()` it when done. */
  gatewayClient(options?: GatewayClientOptions): GatewayClient;
  /** A git client for the work tree or git dir at `dir`. */
  gitFor(dir: string, options?: { timeoutMs?: number }): import('./git.js').Git;
}
