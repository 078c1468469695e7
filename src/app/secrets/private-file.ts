import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OisError } from '../../core/errors.js';

const POSIX = process.platform !== 'win32';

/**
 * Reads a JSON file that must be private to this user (mode 0600 or stricter, owned by this user);
 * undefined when it does not exist. Refuses, with CONFIG_UNREADABLE and a `chmod` hint, a file that
 * group or others can read or write: a secret there may already have leaked, a pin may be forged.
 *
 * @example const data = await readPrivateJson('/home/a/.config/ois/tokens.json')
 */
export async function readPrivateJson(path: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (POSIX && (info.mode & 0o077) !== 0) {
      throw new OisError('CONFIG_UNREADABLE', `${path} is accessible to other users (mode ${(info.mode & 0o777).toString(8)}); ois will not use it`, {
        hint: `Run \`chmod 600 ${path}\`, and replace any token it holds if others could have read it.`,
        data: { path },
      });
    }
    const uid = process.getuid?.();
    if (POSIX && uid !== undefined && info.uid !== uid) {
      throw new OisError('CONFIG_UNREADABLE', `${path} belongs to another user; ois will not use it`, { data: { path } });
    }
    text = await readFile(path, 'utf8');
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
export async function writePrivateJson(path: string, value: unknown): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (POSIX && ((await stat(dir)).mode & 0o077) !== 0) await chmod(dir, 0o700);
  const temp = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (POSIX) await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
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
