import { describe, expect, it } from 'vitest';
import { readLog, type LogDeps } from '../../../src/app/log/read.js';

const day = '## 10:00 - Aria\n\nhello\n\n---\n';

/** A clone whose day file a sync's checkout removes and writes anew while `ois log` reads it. */
function cloneWithCheckout(vanishFor: number): LogDeps & { reads: number } {
  const deps = {
    reads: 0,
    findUp: async () => '/repo',
    listDirectory: async (path: string) => (path === '/repo/chat' ? ['2026-12-02.md'] : undefined),
    readTextFile: async (path: string) => {
      if (path.endsWith('AGENTS.md')) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
      deps.reads += 1;
      if (deps.reads <= vanishFor) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return day;
    },
  };
  return deps;
}

describe('readLog while a sync checks a day file out', () => {
  it('reads the file again when it vanished for a moment, instead of failing', async () => {
    const deps = cloneWithCheckout(1);
    const { items, problems } = await readLog(deps, { cwd: '/repo' });
    expect(items.map((i) => i.body)).toEqual(['hello']);
    expect(problems).toEqual([]);
    expect(deps.reads).toBe(2);
  });

  it('leaves out a day file that stays gone, and still reads the rest without an error', async () => {
    const deps = cloneWithCheckout(10);
    const { items } = await readLog(deps, { cwd: '/repo' });
    expect(items).toEqual([]);
    expect(deps.reads).toBe(3);
  });

  it('still fails on any other read error', async () => {
    const deps = { ...cloneWithCheckout(0), readTextFile: async () => { throw Object.assign(new Error('EACCES'), { code: 'EACCES' }); } };
    await expect(readLog(deps, { cwd: '/repo' })).rejects.toThrow('EACCES');
  });
});
