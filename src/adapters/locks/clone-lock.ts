import { createHash } from 'node:crypto';
import { createConnection, createServer, type Server } from 'node:net';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CloneLock, CloneLockAnswer } from '../../ports/locks.js';

/**
 * The clone lock: one git-running ois process per clone, held through a listening local socket, which
 * the OS releases when the process dies, even by kill -9:
 * - Linux: an abstract socket (no file; taking it is atomic; gone with the process);
 * - Windows: a named pipe (the same properties);
 * - elsewhere: a socket file; one nobody answers `ping` on within 1 s is stale and is replaced.
 * The socket also answers commands, one line each (`ping`: who holds it; `sync`: the watcher runs a
 * cycle), so `ois status` can tell whether a watcher runs and `ois say` can ask it for a cycle.
 */

/** Where the clone lock's address is made: the platform, and the temp folder for socket files. */
export interface CloneLockSystem {
  platform: NodeJS.Platform;
  /** Where socket files go on platforms without abstract sockets or named pipes. */
  tmp: string;
}

/** The socket address of the clone lock of `gitDir` (the same for every process of the machine). */
export function cloneLockAddress(gitDir: string, system: CloneLockSystem): string {
  const hash = createHash('sha256').update(gitDir).digest('hex').slice(0, 24);
  if (system.platform === 'linux') return `\0ois-watch-${hash}`;
  if (system.platform === 'win32') return `\\\\.\\pipe\\ois-watch-${hash}`;
  return join(system.tmp, `ois-watch-${hash}.sock`);
}

/** Takes the lock, or returns undefined when a live process holds it. */
export async function takeCloneLock(gitDir: string, answer: CloneLockAnswer, system: CloneLockSystem): Promise<CloneLock | undefined> {
  const address = cloneLockAddress(gitDir, system);
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      const command = buffer.slice(0, newline).trim();
      Promise.resolve()
        .then(() => answer(command))
        .then((reply) => socket.end(`${reply}\n`))
        .catch((error: unknown) => socket.end(`error ${error instanceof Error ? error.message : String(error)}\n`));
    });
    socket.on('error', () => undefined);
  });
  server.unref();
  const held = (): CloneLock => ({ address, release: () => close(server) });
  if (await listen(server, address)) return held();
  if (address.startsWith('\0') || address.startsWith('\\\\.\\pipe\\')) return undefined;
  // A socket file: held only if someone answers on it; one left by a dead process is replaced.
  if ((await askCloneLock(address, 'ping', 1_000)) !== undefined) return undefined;
  await unlink(address).catch(() => undefined);
  return (await listen(server, address)) ? held() : undefined;
}

function listen(server: Server, address: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(address);
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Sends one command to the socket at `address`; undefined when none answers within `timeoutMs`. */
export function askCloneLock(address: string, command: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(address);
    let reply = '';
    const done = (value: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
    });
    socket.on('end', () => done(reply.trim()));
    socket.on('error', () => done(undefined));
  });
}
