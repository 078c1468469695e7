import { dirname } from 'node:path';
import { OisError } from '../../core/errors.js';
import type { Files, System } from '../../ports/index.js';

/**
 * Private JSON files of this user (tokens.json, trust.json): read only when no other user can read
 * or write them, written atomically with mode 0600 from their creation on, in a 0700 folder. All file
 * access goes through the files port; `system` says whether POSIX permissions apply and who we are.
 */
export interface PrivateFilePorts {
  files: Files;
  system: Pick<System, 'platform' | 'uid'>;
}

const posix = (system: PrivateFilePorts['system']): boolean => system.platform !== 'win32';

/**
 * Reads a JSON file that must be private to this user (mode 0600 or stricter, owned by this user);
 * undefined when it does not exist. Refuses, with CONFIG_UNREADABLE and a `chmod` hint, a file that
 * group or others can read or write: a secret there may already have leaked, a pin may be forged.
 *
 * @example const data = await readPrivateJson(ports, '/home/a/.config/ois/tokens.json')
 */
export async function readPrivateJson(ports: PrivateFilePorts, path: string): Promise<unknown> {
  const { files, system } = ports;
  let text: string;
  try {
    const info = await files.stat(path, { follow: true });
    if (info === undefined) return undefined;
    if (posix(system) && (info.mode & 0o077) !== 0) {
      throw new OisError('CONFIG_UNREADABLE', `${path} is accessible to other users (mode ${(info.mode & 0o777).toString(8)}); ois will not use it`, {
        hint: `Run \`chmod 600 ${path}\`, and replace any token it holds if others could have read it.`,
        data: { path },
      });
    }
    if (posix(system) && system.uid !== undefined && info.uid !== system.uid) {
      throw new OisError('CONFIG_UNREADABLE', `${path} belongs to another user; ois will not use it`, { data: { path } });
    }
    text = await files.readText(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    if (error instanceof OisError) throw error;
    throw new OisError('CONFIG_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, { data: { path }, cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new OisError('CONFIG_UNREADABLE', `${path} is not valid JSON`, { hint: 'Fix or delete the file.', data: { path }, cause: error });
  }
}

/**
 * Writes JSON atomically with mode 0600, in a directory with mode 0700 (created if missing, tightened
 * if it was looser).
 */
export async function writePrivateJson(ports: PrivateFilePorts, path: string, value: unknown): Promise<void> {
  const { files, system } = ports;
  const dir = dirname(path);
  await files.mkdir(dir, { mode: 0o700 });
  if (posix(system) && (((await files.stat(dir, { follow: true }))?.mode ?? 0) & 0o077) !== 0) await files.chmod(dir, 0o700);
  await files.writeAtomic(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

/** Runs `task`s one after another (read-modify-write of one file by concurrent wakes). */
export function serial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
