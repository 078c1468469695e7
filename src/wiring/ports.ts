/**
 * The wiring module: the one place that builds the real ports (ports/index.ts) for a command. The CLI
 * calls `systemPorts` once per process and passes the result down; tests build their own ports (real
 * adapters on a temporary folder, or stand-ins) and pass those. Nothing in src/app constructs an
 * adapter itself (`npm run lint` enforces it).
 */
import { homedir, tmpdir } from 'node:os';
import { createClock } from '../adapters/clock.js';
import { createFiles } from '../adapters/files-port.js';
import { createGatewayClient } from '../adapters/gateway.js';
import { createGit } from '../adapters/git.js';
import { silentLogger, type Logger } from '../adapters/log.js';
import { createRandom } from '../adapters/random.js';
import { runCommand } from '../adapters/run-command.js';
import type { Ports } from '../ports/index.js';

export interface SystemPortsOptions {
  env?: Readonly<Record<string, string | undefined>>;
  log?: Logger;
  cwd?: string;
}

export function systemPorts(options: SystemPortsOptions = {}): Ports {
  const env = options.env ?? process.env;
  return {
    files: createFiles(),
    clock: createClock(),
    random: createRandom(),
    processes: { run: runCommand },
    system: { env, platform: process.platform, home: homedir(), tmp: tmpdir(), cwd: options.cwd ?? process.cwd(), pid: process.pid },
    log: options.log ?? silentLogger,
    gateway: (gatewayOptions) => createGatewayClient(gatewayOptions),
    gitFor: (dir, gitOptions) => createGit(dir, { env, ...(gitOptions?.timeoutMs === undefined ? {} : { timeoutMs: gitOptions.timeoutMs }) }),
  };
}

const perIO = new WeakMap<object, Ports>();

/** The ports of one CLI invocation (built once per `CliIO`, so in-process tests get their own). */
export function portsOf(io: { readonly env: Readonly<Record<string, string | undefined>>; readonly cwd: string }): Ports {
  let ports = perIO.get(io);
  if (!ports) {
    ports = systemPorts({ env: io.env, cwd: io.cwd });
    perIO.set(io, ports);
  }
  return ports;
}
