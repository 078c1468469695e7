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
import { appendTestEntry } from '../helpers/chat-files.js';
import { cloneWithHuman } from '../helpers/human-team.js';
import { cycleIn, git, type Sandbox } from '../helpers/git-repos.js';

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
    const repo = await openRepo(aria, box.env);
    expect(await resolveHuman(repo, 'mia')).toEqual({ identity: { id: 'mia', name: 'Mia 🌸' }, source: 'option' });
    await expect(resolveHuman(repo, 'aria')).rejects.toMatchObject({ code: 'NOT_A_HUMAN' });
    await expect(resolveHuman(repo, 'nobody')).rejects.toMatchObject({ code: 'NOT_A_HUMAN', hint: expect.stringContaining('mia') });
    expect(await resolveHuman(repo, undefined)).toBeUndefined();
    await git(aria, ['config', 'ois.human', 'mia'], box.env);
    expect(await resolveHuman(await openRepo(aria, box.env), undefined)).toMatchObject({ source: 'config' });
  });
});

describe('the chat index', () => {
  it('reports added, changed (an agent correcting itself) and removed entries, re-reading only changed files', async () => {
    const index = new ChatIndex(aria);
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
    const repo = await openRepo(aria, box.env);
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
    const repo = await openRepo(aria, box.env);
    const human = { id: 'mia', name: 'Mia' };
    const post = (name: string) => postAsHuman({ repo, env: box.env, human, body: 'see', attachments: [{ name, bytes: new TextEncoder().encode('x') }] }, sayDeps());
    await expect(post('.env')).rejects.toMatchObject({ code: 'USAGE', data: { reason: 'secret-file' } });
    await expect(post('id_rsa')).rejects.toMatchObject({ code: 'USAGE' });
    await expect(postAsHuman({ repo, env: box.env, human, body: '', attachments: [] }, sayDeps())).rejects.toMatchObject({ code: 'USAGE' });
    const outside = join(box.root, 'outside');
    await mkdir(outside);
    await rm(join(aria, 'shared'), { recursive: true, force: true });
    await symlink(outside, join(aria, 'shared'));
    await expect(post('notes.txt')).rejects.toMatchObject({ code: 'RECOVERY_REFUSED' });
    expect(await git(aria, ['status', '--porcelain', '--', 'chat/'], box.env)).toBe('');
  });
});
