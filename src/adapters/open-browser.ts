import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';

/**
 * Opens `url` in the user's browser without putting it on a command line (where other users of the
 * machine could read the token in the process list): a page readable only by this user redirects
 * to it, and the system's opener gets that file's path. Best effort: never throws.
 */
export async function openInBrowser(url: string, redirectFile: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const html = `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${url.replace(/"/g, '%22')}"><title>ois web</title><p>Opening the room…</p>\n`;
  try {
    await writeFile(redirectFile, html, { mode: 0o600 });
    const [program, args] = platform === 'darwin' ? ['open', [redirectFile]] : platform === 'win32' ? ['cmd', ['/c', 'start', '', redirectFile]] : ['xdg-open', [redirectFile]];
    const child = spawn(program as string, args as string[], { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
