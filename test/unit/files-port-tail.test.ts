import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFiles } from '../../src/adapters/files-port.js';
import { LOG_FILE, readLogTail } from '../../src/app/log/tail.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ois-files-tail-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const files = createFiles();
const line = (n: number): string => `${JSON.stringify({ at: `2026-12-02T00:00:0${n}Z`, level: 'info', event: 'e', message: `m${n}`, peer: 'hkh' })}\n`;

describe('the files port: reading a tail, telling a replaced file', () => {
  it('readEnd gives at most the last bytes and the whole size; nothing there is undefined', async () => {
    await writeFile(join(dir, 'f'), 'abcdefghij');
    expect(await files.readEnd(join(dir, 'f'), 4)).toEqual({ bytes: new TextEncoder().encode('ghij'), size: 10 });
    expect(await files.readEnd(join(dir, 'f'), 100)).toEqual({ bytes: new TextEncoder().encode('abcdefghij'), size: 10 });
    expect(await files.readEnd(join(dir, 'nope'), 4)).toBeUndefined();
  });

  it('stat carries the inode: a file replaced by a rename has a new one', async () => {
    await writeFile(join(dir, 'a'), 'same');
    const before = await files.stat(join(dir, 'a'));
    await writeFile(join(dir, 'b'), 'same');
    await rename(join(dir, 'b'), join(dir, 'a'));
    const after = await files.stat(join(dir, 'a'));
    expect(after?.size).toBe(before?.size);
    expect(after?.ino).not.toBe(before?.ino);
  });

  it("readLogTail: the last records across the rotated file, a partial first line dropped, the record's own fields kept", async () => {
    await writeFile(join(dir, `${LOG_FILE}.1`), line(1) + line(2));
    await writeFile(join(dir, LOG_FILE), line(3) + line(4));
    const records = await readLogTail(files, dir, 3);
    expect(records.map((r) => r.message)).toEqual(['m2', 'm3', 'm4']);
    expect(records[0]?.fields).toEqual({ peer: 'hkh' });
    const cut = await readLogTail(files, dir, 10, line(4).length + 5);
    expect(cut.map((r) => r.message)).toEqual(['m2', 'm4']);
    expect(await readLogTail(files, join(dir, 'none'), 3)).toEqual([]);
  });
});
