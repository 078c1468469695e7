import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { appendTestEntry } from '../helpers/chat-files.js';
import { entryKeys, remoteText } from '../helpers/chat-history.js';
import { cycleIn, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/**
 * A pull changes the day file an agent is reading. git's own checkout removes the file and writes it
 * anew; ois writes it atomically instead, so a reader never finds it missing or cut short.
 */
const DAY = '2026-11-23';
const FILE = `chat/${DAY}.md`;
let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const say = (dir: string, author: string, n: number) =>
  appendTestEntry(dir, { id: `${author}${String(n).padStart(8, '0')}`, at: `${DAY}T10:${String(n % 60).padStart(2, '0')}:00.000Z`, author, body: `entry ${n} ${'words '.repeat(40)}` });

/** ARIA's clone holds HKH's first entry; HKH has pushed a second one, which ARIA's next cycle pulls. */
async function oneEntryToPull(): Promise<[string, string]> {
  const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
  await say(hkh, 'hkh', 0);
  await cycleIn(box, hkh);
  await cycleIn(box, aria);
  await say(hkh, 'hkh', 1);
  await cycleIn(box, hkh);
  return [aria, hkh];
}

const idsIn = async (...texts: Array<Promise<string>>) => (await Promise.all(texts)).map((text) => parseChatLog(text).entries.map((e) => e.id));

describe('pulling into a day file that is being read', () => {
  it('a reader polling the file through 30 pulls never finds it missing, empty or shorter than before', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await say(hkh, 'hkh', 0);
    await cycleIn(box, hkh);
    await cycleIn(box, aria);
    const path = join(aria, FILE);
    const seen = { reads: 0, missing: 0, shorter: 0 };
    let longest = 0;
    let reading = true;
    // The agent's file tool: reads the day file again and again (no pause: as many reads as the pulls allow).
    const reader = (async () => {
      while (reading) {
        const text = await readFile(path, 'utf8').catch(() => undefined);
        seen.reads += 1;
        if (text === undefined) seen.missing += 1;
        else if (text.length < longest) seen.shorter += 1;
        else longest = text.length;
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      for (let n = 1; n <= 30; n += 1) {
        await say(hkh, 'hkh', n);
        await cycleIn(box, hkh);
        await cycleIn(box, aria);
      }
    } finally {
      reading = false;
      await reader;
    }
    expect(seen.reads).toBeGreaterThan(30);
    expect({ missing: seen.missing, shorter: seen.shorter }).toEqual({ missing: 0, shorter: 0 });
    expect(entryKeys(await readFile(path, 'utf8'))).toEqual(entryKeys(await remoteText(box, FILE)));
    expect((await git(aria, ['status', '--porcelain'], box.env)).trim()).toBe('');
  }, 120_000);

  it('an append made while the pull runs is merged after the incoming entries, never overwritten', async () => {
    const [aria, hkh] = await oneEntryToPull();
    // ARIA's agent appends as the cycle starts: its entry is either committed by this cycle or carried over.
    const pulling = cycleIn(box, aria);
    await appendFile(join(aria, FILE), `\n## 10:30 - ARIA\n<!-- ois:entry id=aria00000001 at=${DAY}T10:30:00.000Z author=aria -->\n\nwritten during the pull\n\n---\n`);
    await pulling;
    await cycleIn(box, aria);
    await cycleIn(box, hkh);
    const expected = ['hkh00000000', 'hkh00000001', 'aria00000001'];
    expect(await idsIn(readFile(join(aria, FILE), 'utf8'), remoteText(box, FILE), readFile(join(hkh, FILE), 'utf8'))).toEqual([expected, expected, expected]);
  });

  it('a crash after the index was pointed at the incoming version, before the file was written: the next cycle loses and repeats nothing', async () => {
    const [aria, hkh] = await oneEntryToPull();
    // The state such a crash leaves: HEAD and the working file at the old version, the index at the new one.
    await git(aria, ['fetch', '-q', 'origin'], box.env);
    const incoming = (await git(aria, ['rev-parse', `origin/main:${FILE}`], box.env)).trim();
    await git(aria, ['update-index', '--cacheinfo', `100644,${incoming},${FILE}`], box.env);
    await say(aria, 'aria', 1); // and the agent writes on
    await cycleIn(box, aria);
    await cycleIn(box, aria);
    await cycleIn(box, hkh);
    const expected = ['hkh00000000', 'hkh00000001', 'aria00000001'];
    expect(await idsIn(readFile(join(aria, FILE), 'utf8'), remoteText(box, FILE), readFile(join(hkh, FILE), 'utf8'))).toEqual([expected, expected, expected]);
    expect((await git(aria, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });
});
