import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceIfUnchanged } from '../../src/adapters/files.js';

// The compare-and-swap that carries a day file through a pull, raced by an agent appending to it from
// another process (`echo … >> file`, as a shell tool does): every append survives every replacement,
// including those that opened the file just before a rename replaced it.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ois-cas-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('replaceIfUnchanged, raced by another process appending', () => {
  it('loses no append: a write that reached the replaced file is put back, and the swap says false', async () => {
    const file = join(dir, 'day.md');
    await writeFile(file, 'v0\n');
    const appends = 800;
    // Short pauses between appends, so that swaps get through between them (back to back, none would).
    const agent = spawn('sh', ['-c', `i=1; while [ $i -le ${appends} ]; do echo line-$i >> "$0"; sleep 0.00$((i % 4)); i=$((i + 1)); done`, file], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => agent.once('exit', () => resolve()));
    const timeout = setTimeout(() => agent.kill('SIGKILL'), 60_000);
    let running = true;
    void exited.then(() => (running = false));
    let swaps = 0;
    for (let n = 1; running; n += 1) {
      const working = await readFile(file, 'utf8');
      // ois's side: the first line rewritten (as a merge would change the file), everything else kept.
      const next = working.replace(/^v\d+\n/, `v${n}\n`);
      if (await replaceIfUnchanged(file, working, next)) swaps += 1;
    }
    clearTimeout(timeout);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last swaps' background look at the replaced file
    const lines = new Set((await readFile(file, 'utf8')).split('\n'));
    const lost = Array.from({ length: appends }, (_, i) => `line-${i + 1}`).filter((line) => !lines.has(line));
    expect(swaps).toBeGreaterThan(20); // the race was real
    expect(lost).toEqual([]);
  }, 90_000);

  it('changes nothing when the file is not what the caller read; creates it when it was absent', async () => {
    const file = join(dir, 'day.md');
    await writeFile(file, 'agent\n');
    expect(await replaceIfUnchanged(file, 'stale\n', 'ois\n')).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('agent\n');
    expect(await replaceIfUnchanged(file, 'agent\n', 'ois\n')).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('ois\n');
    const fresh = join(dir, 'new.md');
    expect(await replaceIfUnchanged(fresh, undefined, 'new\n')).toBe(true);
    expect(await replaceIfUnchanged(fresh, undefined, 'again\n')).toBe(false);
    expect(await readFile(fresh, 'utf8')).toBe('new\n');
  });
});
