import { access, appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { isOisError } from '../../src/core/errors.js';
import { appendTestEntry } from '../helpers/chat-files.js';
import { cycleIn, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

const DAY = '2026-11-23';
const FILE = `chat/${DAY}.md`;
let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const say = (dir: string, author: string, id: string, at: string, body: string) => appendTestEntry(dir, { id, at: `${DAY}T${at}Z`, author, body });

/** Points the clone's merge driver at a command that leaves a mark and fails: it must not be needed. */
async function trapDriver(dir: string): Promise<string> {
  const mark = join(box.root, `driver-ran-${Date.now()}`);
  await git(dir, ['config', 'merge.ois-chat.driver', `touch '${mark}'; false`], box.env);
  return mark;
}

const ran = (mark: string) => access(mark).then(() => true, () => false);
const ids = (text: string) => parseChatLog(text).entries.map((e) => e.id);

describe('replaying local commits merges chat logs in process', () => {
  it("keeps every entry of both sides, the remote's where they were and the local ones after them, without starting the merge driver", async () => {
    const aria = await joinAs(box, 'aria');
    const hkh = await joinAs(box, 'hkh');
    await say(aria, 'aria', 'aria0001', '10:00:00.000', 'first from aria');
    await say(aria, 'aria', 'aria0002', '10:00:02.000', 'second from aria');
    await cycleIn(box, aria);
    // hkh wrote in between, in two local commits that both touch the day file.
    await say(hkh, 'hkh', 'hkh00001', '10:00:01.000', 'first from hkh');
    await git(hkh, ['add', '-A'], box.env);
    await git(hkh, ['commit', '-q', '--no-verify', '-m', 'chat(hkh): 1 entry'], box.env);
    await say(hkh, 'hkh', 'hkh00002', '10:00:03.000', 'second from hkh');
    const mark = await trapDriver(hkh);

    const outcome = await cycleIn(box, hkh);

    expect(outcome.exchange.relation).toBe('diverged');
    expect(outcome.exchange.pushed).toBeDefined();
    expect(await ran(mark)).toBe(false);
    const pushed = await git(box.bare, ['show', `main:${FILE}`], box.env);
    // The remote's file as it was is a prefix of the result; hkh's two entries follow, in their own order.
    expect(ids(pushed)).toEqual(['aria0001', 'aria0002', 'hkh00001', 'hkh00002']);
    expect(await readFile(join(hkh, FILE), 'utf8')).toBe(pushed);
    expect((await git(hkh, ['status', '--porcelain'], box.env)).trim()).toBe('');
    // Each replayed commit keeps its author and message; the index is the clone's own, untouched by the merge.
    const log = (await git(hkh, ['log', '--format=%an|%s', '-3'], box.env)).trim().split('\n');
    expect(log[0]).toMatch(/^HKH\|chat\(hkh\)/);
    expect(log[1]).toBe('Test|chat(hkh): 1 entry'); // committed by hand with the sandbox's git identity
    expect((await git(hkh, ['ls-files', '-u'], box.env)).trim()).toBe('');
  });

  it('an entry changed differently on both sides is a conflict that changes nothing', async () => {
    const aria = await joinAs(box, 'aria');
    await say(aria, 'aria', 'aria0001', '10:00:00.000', 'hello');
    await cycleIn(box, aria);
    const hkh = await joinAs(box, 'hkh');
    const edit = async (dir: string, text: string) => {
      const path = join(dir, FILE);
      await writeFile(path, (await readFile(path, 'utf8')).replace('hello', text));
    };
    await edit(aria, 'hello, team');
    await cycleIn(box, aria);
    // hkh's ois would never commit an edit to aria's entry: this one is a hand commit.
    await edit(hkh, 'hello there');
    await git(hkh, ['commit', '-q', '--no-verify', '-am', 'edit by hand'], box.env);
    const headBefore = (await git(hkh, ['rev-parse', 'HEAD'], box.env)).trim();
    const mark = await trapDriver(hkh);

    const error = await cycleIn(box, hkh).then(() => undefined, (e: unknown) => e);

    expect(isOisError(error) && error.code).toBe('CONFLICT');
    expect(isOisError(error) && error.code === 'CONFLICT' && error.data.files).toEqual([FILE]);
    expect(await ran(mark)).toBe(false);
    // The local commit is kept, the branch did not move onto anything half-merged, the file is as hkh wrote it.
    expect((await git(hkh, ['rev-parse', 'HEAD'], box.env)).trim()).toBe(headBefore);
    expect(await readFile(join(hkh, FILE), 'utf8')).toContain('hello there');
    expect((await git(hkh, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('honours the team .gitattributes: a day file merged with union is left to git', async () => {
    const aria = await joinAs(box, 'aria');
    await appendFile(join(aria, '.gitattributes'), 'chat/*.md merge=union\n');
    await cycleIn(box, aria);
    const hkh = await joinAs(box, 'hkh');
    await say(aria, 'aria', 'aria0001', '10:00:00.000', 'from aria');
    await cycleIn(box, aria);
    await say(hkh, 'hkh', 'hkh00001', '10:00:01.000', 'from hkh');

    await cycleIn(box, hkh);

    const pushed = await git(box.bare, ['show', `main:${FILE}`], box.env);
    // union keeps both sides' lines in the order of the two sides (ours first), not by time.
    expect(ids(pushed).sort()).toEqual(['aria0001', 'hkh00001']);
  });
});
