import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * Whether a git process is running inside `top` (a work tree), so that a `*.lock` file there may be in
 * use. On Linux this reads /proc; elsewhere it cannot tell and answers undefined.
 */
export async function gitProcessRunningIn(top: string): Promise<boolean | undefined> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      const argv0 = cmdline.split('\0')[0] ?? '';
      if (!/(^|\/)git(-[a-z-]+)?$/.test(argv0)) continue;
      const cwd = await readlink(`/proc/${pid}/cwd`);
      if (cwd === top || cwd.startsWith(`${top}/`)) return true;
    } catch {
      // The process ended meanwhile, or is not ours to read: not a git process in this clone.
    }
  }
  return false;
}
