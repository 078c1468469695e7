import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatEntry } from '../../src/core/chatlog/format.js';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { commitsThatMovedPushedEntries, remoteText } from '../helpers/chat-history.js';
import { eventually, runOis, startOis, type OisProcess } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';
import { recordFigure } from '../helpers/report.js';

// Size knob: OIS_AGENT_MISTAKES_ROUNDS rounds of every mistake below, three clones each with `ois watch`
// running, kills at random moments. `npm test` runs 2; `npm run reliability` runs 12.
const ROUNDS = Number(process.env.OIS_AGENT_MISTAKES_ROUNDS ?? 2);
const WAIT_MS = 600;
const IDS = ['aria', 'hkh', 'zed'] as const;
type Id = (typeof IDS)[number];

let box: Sandbox;
const procs = new Map<Id, OisProcess>();
beforeEach(async () => {
  box = await teamSandbox('mistakes', { pollIntervalMs: 300, debounceMs: 20, incompleteEntryWaitMs: WAIT_MS });
});
afterEach(async () => {
  await Promise.all([...procs.values()].map((p) => p.stop('SIGKILL')));
  procs.clear();
  await box.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = new Date().toISOString().slice(0, 10);
const FILE = `chat/${DAY}.md`;
let serial = 0;

describe('agent mistakes while ois watch runs (issue 13)', () => {
  it(`loses and duplicates nothing over ${ROUNDS} rounds of rewrites, stale writes, two-step writes, reverts, --no-verify commits and secrets`, async () => {
    const dirs = Object.fromEntries(await Promise.all(IDS.map(async (id) => [id, await joinAs(box, id)] as const))) as Record<Id, string>;
    const all: OisProcess[] = [];
    const start = async (id: Id): Promise<void> => {
      const proc = startOis(['watch'], dirs[id], box.env);
      all.push(proc);
      procs.set(id, proc);
      await proc.waitFor(/watching/);
    };
    for (const id of IDS) await start(id);
    const path = (id: Id) => join(dirs[id], FILE);
    const read = (id: Id) => readFile(path(id), 'utf8').catch(() => '');
    const written = new Set<string>();
    const cases: Record<string, number> = {};
    const count = (name: string) => (cases[name] = (cases[name] ?? 0) + 1);
    const entry = (author: Id, body: string): { id: string; text: string } => {
      serial += 1;
      const id = `mistake${String(serial).padStart(9, '0')}`;
      written.add(id);
      return { id, text: formatEntry({ id, at: new Date().toISOString(), author, name: author.toUpperCase(), body: `${body} (${id})` }) };
    };
    const append = async (author: Id, body: string) => appendFile(path(author), `\n${entry(author, body).text}`);
    const seenBy = (id: Id, entryId: string) => eventually(async () => (await read(id)).includes(entryId), 60_000, `${entryId} at ${id}`);
    const kill = async (id: Id) => {
      await procs.get(id)?.stop('SIGKILL');
      await start(id);
    };
    // Hand git commands race the watcher (its index.lock): retried, and a half-done revert is aborted.
    const byHand = async (id: Id, args: string[]): Promise<boolean> => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        try {
          await git(dirs[id], args, box.env);
          return true;
        } catch {
          await git(dirs[id], ['revert', '--abort'], box.env).catch(() => undefined);
          await sleep(100);
        }
      }
      return false;
    };

    await runOis(['say', 'the day starts'], dirs.hkh, box.env);
    for (let round = 0; round < ROUNDS; round += 1) {
      // A whole-file rewrite: aria writes the day file with its new entry only.
      const mine = entry('aria', 'rewrite');
      await seenBy('aria', [...written].at(-2) ?? '');
      await writeFile(path('aria'), mine.text);
      count('whole-file rewrite');
      // A stale read-modify-write racing a pull: zed reads, hkh writes and it is pulled, zed writes back what it read.
      const stale = await read('zed');
      await append('hkh', 'pulled meanwhile');
      await seenBy('zed', [...written].at(-1) ?? '');
      await writeFile(path('zed'), `${stale}\n${entry('zed', 'reply from a stale read').text}`);
      count('stale read-modify-write');
      // A two-step write; sometimes the watcher is killed in between, sometimes the pause outlasts the wait.
      const twoStep = entry('hkh', 'written in two steps');
      const cut = twoStep.text.indexOf('written in two steps') + 10;
      await appendFile(path('hkh'), `\n${twoStep.text.slice(0, cut)}`);
      if (Math.random() < 0.5) await kill('hkh');
      await sleep(Math.random() < 0.5 ? WAIT_MS * 2 : Math.floor(Math.random() * WAIT_MS));
      await appendFile(path('hkh'), twoStep.text.slice(cut));
      count('two-step write');
      // One entry with a secret between two good ones; fixed a moment later.
      const token = `Authorization: Bearer ${'k7Qm2'.repeat(6)}${round}`;
      await append('zed', 'before the secret');
      await append('zed', `the secret ${token}`);
      await append('zed', 'after the secret');
      count('entry with a secret');
      // A revert of the last commit (often someone else's chat commit), by hand, racing the watcher.
      await seenBy('aria', [...written].at(-1) ?? '');
      if (await byHand('aria', ['revert', '--no-edit', 'HEAD'])) count('git revert');
      // A --no-verify hand commit of a rewritten day file.
      await seenBy('hkh', [...written].at(-1) ?? '');
      const lone = entry('hkh', 'hand commit');
      await writeFile(path('hkh'), `# ${DAY} Chat Log\n\n${lone.text}`);
      if (await byHand('hkh', ['commit', '-q', '--no-verify', '-am', 'chat by hand'])) count('--no-verify commit');
      await sleep(300);
      await writeFile(path('zed'), (await read('zed')).replace(token, 'the token, removed'));
      if (Math.random() < 0.3) await kill(IDS[Math.floor(Math.random() * IDS.length)] ?? 'aria');
    }

    // Everyone converges on every entry, once.
    const idsIn = (text: string) => parseChatLog(text).entries.map((e) => e.id ?? '?');
    const done = async (): Promise<boolean> => {
      const [remote, ...heads] = await Promise.all([box.bare, ...IDS.map((id) => dirs[id])].map((d) => git(d, ['rev-parse', 'main'], box.env)));
      if (heads.some((h) => h !== remote)) return false;
      const texts = await Promise.all(IDS.map(read));
      return texts.every((t) => [...written].every((w) => idsIn(t).includes(w)));
    };
    await eventually(done, 180_000, 'every clone and the remote to hold every entry');
    const remote = await remoteText(box, FILE);
    const results = [remote, ...(await Promise.all(IDS.map(read)))].map((text) => {
      const ids = idsIn(text);
      return { lost: [...written].filter((w) => !ids.includes(w)).length, duplicated: ids.length - new Set(ids).size, unclosed: parseChatLog(text).entries.filter((e) => !e.closed).length };
    });
    for (const result of results) expect(result).toEqual({ lost: 0, duplicated: 0, unclosed: 0 });
    expect(remote).not.toMatch(/Bearer k7Qm2/);
    expect(await commitsThatMovedPushedEntries(box, FILE)).toEqual([]);
    for (const id of IDS) expect((await git(dirs[id], ['status', '--porcelain'], box.env)).trim()).toBe('');
    const restored = await restoredEvents(dirs);
    expect(restored).toBeGreaterThan(0);
    const output = all.map((p) => p.output()).join('\n');
    expect(output).not.toMatch(/Run `ois sync` again/);
    await recordFigure('agent-mistakes', {
      rounds: ROUNDS,
      casesRun: Object.values(cases).reduce((a, b) => a + b, 0),
      cases: Object.entries(cases).map(([k, v]) => `${k} ${v}`).join('; '),
      entriesWritten: written.size,
      entriesRestored: restored,
      lost: 0,
      duplicated: 0,
      pushedEntriesMoved: 0,
    });
  }, 600_000);
});

/** How many entries the clones' logs say were restored (`restored` events in `.git/ois/ois.log`). */
async function restoredEvents(dirs: Record<Id, string>): Promise<number> {
  let n = 0;
  for (const dir of Object.values(dirs)) {
    const names = (await readdir(join(dir, '.git', 'ois'))).filter((f) => f.startsWith('ois.log'));
    for (const name of names) {
      const text = await readFile(join(dir, '.git', 'ois', name), 'utf8');
      n += text.split('\n').filter((line) => line.includes('"event":"restored"')).length;
    }
  }
  return n;
}
