import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/app/clone/repo.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { ChatIndex } from '../../src/app/web/chat-index.js';
import { resolveHuman } from '../../src/app/web/human.js';
import { postAsHuman } from '../../src/app/web/post.js';
import { Room } from '../../src/app/web/room.js';
import { listSharedFiles, readSharedFile } from '../../src/app/web/shared-files.js';
import { appendTestEntry } from '../helpers/chat-files.js';
import { testPorts } from '../../harness/ports.js';
import { cloneWithHuman } from '../helpers/human-team.js';
import { cycleIn, git, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
let aria: string;
beforeEach(async () => {
  ({ box, aria } = await cloneWithHuman());
});
afterEach(async () => {
  await box.cleanup();
});

const sayDeps = () => ({ now: () => new Date(), randomBytes: (n: number) => new Uint8Array(randomBytes(n)), cycle: systemCycleDeps() });

describe('who posts from the room', () => {
  it('--as a human member; refused (NOT_A_HUMAN) for an agent or a stranger; ois.human remembered; none: read-only', async () => {
    const repo = await openRepo(aria, testPorts(box.env));
    expect(await resolveHuman(repo, 'mia')).toEqual({ identity: { id: 'mia', name: 'Mia 🌸' }, source: 'option' });
    await expect(resolveHuman(repo, 'aria')).rejects.toMatchObject({ code: 'NOT_A_HUMAN' });
    await expect(resolveHuman(repo, 'nobody')).rejects.toMatchObject({ code: 'NOT_A_HUMAN', hint: expect.stringContaining('mia') });
    expect(await resolveHuman(repo, undefined)).toBeUndefined();
    await git(aria, ['config', 'ois.human', 'mia'], box.env);
    expect(await resolveHuman(await openRepo(aria, testPorts(box.env)), undefined)).toMatchObject({ source: 'config' });
  });
});

describe('the chat index', () => {
  it('reports added, changed (an agent correcting itself) and removed entries, re-reading only changed files', async () => {
    const index = new ChatIndex(testPorts(box.env).files, aria);
    expect((await index.refresh()).added).toEqual([]);
    await appendTestEntry(aria, { id: 'aaaa0001', at: '2026-11-23T10:00:00.000Z', author: 'aria', body: 'one' });
    await appendTestEntry(aria, { id: 'aaaa0002', at: '2026-11-24T10:00:00.000Z', author: 'aria', body: 'two' });
    expect((await index.refresh()).added.map((e) => e.key)).toEqual(['e:aaaa0001', 'e:aaaa0002']);
    expect(await index.refresh()).toEqual({ added: [], changed: [], removed: [] });
    const file = join(aria, 'chat', '2026-11-23.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('one', 'one (corrected)'));
    expect((await index.refresh()).changed.map((e) => e.entry.body)).toEqual(['one (corrected)']);
    await rm(join(aria, 'chat', '2026-11-24.md'));
    expect((await index.refresh()).removed).toEqual(['e:aaaa0002']);
    expect(index.entries.map((e) => e.key)).toEqual(['e:aaaa0001']);
  });

  it('never reads a day file that is a symbolic link (as `ois log`), even to a day file outside the clone', async () => {
    const outside = join(box.root, 'elsewhere.md');
    await writeFile(outside, '## 10:00 - ARIA\n<!-- ois:entry id=outside01 at=2026-11-25T10:00:00.000Z author=aria -->\n\nfrom outside\n\n---\n');
    await mkdir(join(aria, 'chat'), { recursive: true });
    await symlink(outside, join(aria, 'chat', '2026-11-25.md'));
    // The same text as a plain day file is read: only the link is refused.
    await writeFile(join(aria, 'chat', '2026-11-26.md'), (await readFile(outside, 'utf8')).replace('outside01', 'inside01'));
    const index = new ChatIndex(testPorts(box.env).files, aria);
    await index.refresh();
    expect(index.entries.map((e) => e.key)).toContain('e:inside01');
    expect(index.entries.map((e) => e.key)).not.toContain('e:outside01');
  });
});

describe('the shared files the room lists and serves', () => {
  it('lists files and folders under shared/ but never a link or what it points at; reads at most maxBytes, and nothing through a link', async () => {
    const { files } = testPorts(box.env);
    const outside = join(box.root, 'secret');
    await mkdir(outside);
    await writeFile(join(outside, 'key.txt'), 'secret');
    await mkdir(join(aria, 'shared', 'results'), { recursive: true });
    await writeFile(join(aria, 'shared', 'results', 'b.csv'), 'item,score\n1,0.93\n');
    await writeFile(join(aria, 'shared', 'a.txt'), 'hello world');
    await symlink(outside, join(aria, 'shared', 'linked-folder'));
    await symlink(join(outside, 'key.txt'), join(aria, 'shared', 'linked.txt'));
    const listed = await listSharedFiles(files, aria);
    expect(listed.truncated).toBe(false);
    expect(listed.files.map((f) => f.path).filter((p) => !p.endsWith('.gitkeep'))).toEqual(['shared/a.txt', 'shared/results/b.csv']);
    expect(listed.files.find((f) => f.path === 'shared/a.txt')).toMatchObject({ size: 11, modified: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const start = await readSharedFile(files, aria, 'shared/a.txt', 5);
    expect({ text: start.bytes.toString('utf8'), size: start.size, truncated: start.truncated }).toEqual({ text: 'hello', size: 11, truncated: true });
    expect((await readSharedFile(files, aria, 'shared/results/b.csv', 1_000)).truncated).toBe(false);
    for (const path of ['shared/linked.txt', 'shared/linked-folder/key.txt', 'shared/results', 'shared/nothing.txt', 'shared/../AGENTS.md']) {
      await expect(readSharedFile(files, aria, path, 1_000)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('the room over a clone', () => {
  it('pages 1 200 entries over 3 days, searches them, and says where each stands', async () => {
    const days = ['2026-11-21', '2026-11-22', '2026-11-23'];
    for (const [d, day] of days.entries()) {
      const lines = [`# ${day} Chat Log\n`];
      for (let i = 0; i < 400; i += 1) {
        const at = `${day}T${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000Z`;
        lines.push(`## ${at.slice(11, 16)} - ARIA\n<!-- ois:entry id=d${d}n${String(i).padStart(4, '0')} at=${at} author=aria -->\n\nentry ${d * 400 + i}${i % 100 === 7 ? ' needle' : ''}\n\n---\n`);
      }
      await mkdir(join(aria, 'chat'), { recursive: true });
      await writeFile(join(aria, 'chat', `${day}.md`), lines.join('\n'));
    }
    await cycleIn(box, aria);
    await appendTestEntry(aria, { id: 'localonly1', at: '2026-11-23T23:59:00.000Z', author: 'aria', body: 'not committed yet' });
    const repo = await openRepo(aria, testPorts(box.env));
    const room = await Room.open(repo, { id: 'mia', name: 'Mia' }, () => new Date());
    const last = await room.page(undefined, 100);
    expect(last.total).toBe(1201);
    expect(last.entries).toHaveLength(100);
    expect(last.entries.at(-1)).toMatchObject({ key: 'e:localonly1', stage: 'written' });
    expect(last.entries.at(-2)).toMatchObject({ stage: 'pushed', author: 'aria', authorKind: 'agent' });
    const first = await room.page(100, 100);
    expect(first.entries[0]?.key).toBe('e:d0n0000');
    expect(first.older).toBeNull();
    const found = await room.search('needle', undefined, 50);
    expect(found.entries.map((e) => e.key)).toEqual(['e:d2n0307', 'e:d2n0207', 'e:d2n0107', 'e:d2n0007', 'e:d1n0307', 'e:d1n0207', 'e:d1n0107', 'e:d1n0007', 'e:d0n0307', 'e:d0n0207', 'e:d0n0107', 'e:d0n0007']);
    const around = await room.around('e:d1n0200', 10);
    expect(around?.entries.map((e) => e.key)).toContain('e:d1n0200');
    expect((await room.members()).find((m) => m.id === 'aria')?.lastEntryAt).toBe('2026-11-23T23:59:00.000Z');
  });

  it('refuses attachments the commit step would leave out, and a shared/ folder that is a link out of the clone', async () => {
    const repo = await openRepo(aria, testPorts(box.env));
    const human = { id: 'mia', name: 'Mia' };
    const post = (name: string) => postAsHuman({ repo, human, body: 'see', attachments: [{ name, bytes: new TextEncoder().encode('x') }] }, sayDeps());
    await expect(post('.env')).rejects.toMatchObject({ code: 'USAGE', data: { reason: 'secret-file' } });
    await expect(post('id_rsa')).rejects.toMatchObject({ code: 'USAGE' });
    await expect(postAsHuman({ repo, human, body: '', attachments: [] }, sayDeps())).rejects.toMatchObject({ code: 'USAGE' });
    const outside = join(box.root, 'outside');
    await mkdir(outside);
    await rm(join(aria, 'shared'), { recursive: true, force: true });
    await symlink(outside, join(aria, 'shared'));
    await expect(post('notes.txt')).rejects.toMatchObject({ code: 'RECOVERY_REFUSED' });
    expect(await git(aria, ['status', '--porcelain', '--', 'chat/'], box.env)).toBe('');
  });
});
