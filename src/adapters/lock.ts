import { createHash } from 'node:crypto';
import { createConnection, createServer, type Server } from 'node:net';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One `ois watch` per clone, held through a listening local socket, which the OS releases when the
 * process dies, even by kill -9:
 * - Linux: an abstract socket (no file; taking it is atomic; gone with the process);
 * - Windows: a named pipe (the same properties);
 * - elsewhere: a socket file; one nobody answers on is stale and is replaced.
 * The socket also answers `ping` so `ois status` can tell whether a watcher runs, and `sync` so
 * `ois say` can ask the watcher for a cycle.
 */
export interface Lock {
  readonly address: string;
  release(): Promise<void>;
}

export type LockHandler = (command: string) => Promise<string> | string;

export function lockAddress(gitDir: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(gitDir).digest('hex').slice(0, 24);
  if (platform === 'linux') return `\0ois-watch-${hash}`;
  if (platform === 'win32') return `\\\\.\\pipe\\ois-watch-${hash}`;
  return join(tmpdir(), `ois-watch-${hash}.sock`);
}

/** Takes the lock, or returns undefined when a live process holds it. */
export async function acquireLock(gitDir: string, handler: LockHandler): Promise<Lock | undefined> {
  const address = lockAddress(gitDir);
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      const command = buffer.slice(0, newline).trim();
      Promise.resolve(handler(command))
        .then((reply) => socket.end(`${reply}\n`))
        .catch((error: unknown) => socket.end(`error ${(error as Error).message}\n`));
    });
    socket.on('error', () => undefined);
  });
  server.unref();
  const listened = await listen(server, address);
  if (listened) return { address, release: () => close(server) };
  if (address.startsWith('\0') || address.startsWith('\\\\.\\pipe\\')) return undefined;
  // A socket file: held only if someone answers on it.
  if ((await ask(address, 'ping', 1_000)) !== undefined) return undefined;
  await unlink(address).catch(() => undefined);
  return (await listen(server, address)) ? { address, release: () => close(server) } : undefined;
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

/** Sends one command to the watcher of `gitDir`; undefined when none answers within `timeoutMs`. */
export function askWatcher(gitDir: string, command: string, timeoutMs = 2_000): Promise<string | undefined> {
  return ask(lockAddress(gitDir), command, timeoutMs);
}

function ask(address: string, command: string, timeoutMs: number): Promise<string | undefined> {
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
