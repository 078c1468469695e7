/**
 * Whether a git process is running inside a work tree, so that a `*.lock` file there may be in use.
 * On Linux this reads /proc through the files port; where there is no /proc it cannot tell and
 * answers undefined. Never throws for a process that ends while it looks.
 */
import type { Files } from '../../ports/index.js';

/** @example await gitProcessRunningIn({ files, pid: system.pid }, repo.top) // false */
export async function gitProcessRunningIn(ports: { files: Files; pid: number }, top: string): Promise<boolean | undefined> {
  const { files } = ports;
  const names = await files.list('/proc').catch(() => undefined);
  if (names === undefined) return undefined;
  for (const pid of names.filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === ports.pid) continue;
    try {
      const cmdline = await files.readText(`/proc/${pid}/cmdline`);
      const argv0 = cmdline.split('\0')[0] ?? '';
      if (!/(^|\/)git(-[a-z-]+)?$/.test(argv0)) continue;
      const cwd = await files.readLink(`/proc/${pid}/cwd`);
      if (cwd !== undefined && (cwd === top || cwd.startsWith(`${top}/`))) return true;
    } catch {
      // The process ended meanwhile, or is not ours to read: not a git process in this clone.
    }
  }
  return false;
}
