import { testPorts } from '../../harness/ports.js';
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStatus } from '../../src/app/clone/status.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { cycleDepsWithGate } from '../../src/cli/commands/gate.js';
import { formatEntry } from '../../src/core/chatlog/format.js';
import { appendTestEntry } from '../helpers/chat-files.js';
import { commitsThatMovedPushedEntries, entryKeys, remoteText, removedLines } from '../helpers/chat-history.js';
import { cycleIn, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/**
 * Issue 13: what agents with file tools really do to a day file, on real repositories (a bare remote,
 * two or three clones), each cycle as `ois watch` runs it. After each: no entry lost or duplicated in
 * any clone or on the remote, no pushed entry moved, the agent told.
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

const deps = cycleDepsWithGate(systemCycleDeps());
const cycle = (dir: string, pushFirst = false) => cycleIn(box, dir, pushFirst, deps);
/** A cycle whose clock is a minute ahead: a waiting entry has been quiet long enough. */
const laterCycle = (dir: string) => cycleIn(box, dir, false, { ...deps, now: () => new Date(Date.now() + 60_000) });
const say = (dir: string, author: string, id: string, time: string, body: string) => appendTestEntry(dir, { id, at: `${DAY}T${time}Z`, author, body });
const read = (dir: string) => readFile(join(dir, FILE), 'utf8');
const write = (dir: string, text: string) => writeFile(join(dir, FILE), text);
const hand = (time: string, name: string, body: string) => `## ${time} - ${name}\n\n${body}\n\n---\n`;

/** Every clone and the remote hold exactly `keys`, once each, and the remote never moved a pushed entry. */
async function expectEverywhere(dirs: readonly string[], keys: readonly string[]): Promise<void> {
  for (const dir of dirs) await cycle(dir);
  const remote = entryKeys(await remoteText(box, FILE));
  expect(remote).toEqual(keys);
  for (const dir of dirs) expect(entryKeys(await read(dir))).toEqual(keys);
  expect(await commitsThatMovedPushedEntries(box, FILE)).toEqual([]);
}

/**
 * HKH's "morning", then hkh00001 written in two steps: the first half goes out unclosed (the pause
 * outlasted the wait), the rest completes it in an edit commit. Returns the file as read between the two.
 */
async function twoStepEntry(hkh: string): Promise<string> {
  const whole = formatEntry({ id: 'hkh00001', at: `${DAY}T10:00:00.000Z`, author: 'hkh', name: 'HKH', body: 'written in two steps' });
  const cut = whole.indexOf('written in') + 'written in'.length;
  await say(hkh, 'hkh', 'hkh00000', '09:59:00.000', 'morning');
  await cycle(hkh);
  await appendFile(join(hkh, FILE), `\n${whole.slice(0, cut)}`);
  const between = await read(hkh);
  await laterCycle(hkh);
  await appendFile(join(hkh, FILE), whole.slice(cut));
  expect((await cycle(hkh)).commit.subject).toBe(`chat(hkh): edit in ${DAY}`);
  return between;
}

describe('chat logs are append-only for real', () => {
  it('a whole-file rewrite with only the new entry loses nobody else\'s entry', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await say(hkh, 'hkh', 'hkh00001', '10:00:00.000', 'morning');
    await say(hkh, 'hkh', 'hkh00002', '10:01:00.000', 'batch-001 is ready');
    await cycle(hkh);
    await cycle(aria);
    // The agent writes the file afresh: its own new entry and nothing else (not even the title).
    await write(aria, formatEntry({ id: 'aria0001', at: `${DAY}T10:05:00.000Z`, author: 'aria', name: 'ARIA', body: 'on it' }));
    const outcome = await cycle(aria);
    expect(outcome.commit.subject).toBe(`chat(aria): 1 entry in ${DAY}`);
    expect(outcome.notices.filter((n) => n.kind === 'restored').map((n) => n.heading)).toEqual(['the title', '## 10:00 - HKH', '## 10:01 - HKH']);
    await expectEverywhere([aria, hkh], ['hkh00001', 'hkh00002', 'aria0001']);
    expect(await removedLines(box, FILE)).toEqual([]);
    const status = await readStatus(aria, testPorts(box.env), new Date());
    expect(status.restored.map((n) => n.heading)).toContain('## 10:00 - HKH');
  });

  it('a stale read-modify-write racing a pull keeps the pulled entry and puts the reply after it', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await say(hkh, 'hkh', 'hkh00001', '10:00:00.000', 'question for @aria');
    await cycle(hkh);
    await cycle(aria);
    const seen = await read(aria); // the agent reads the file, then thinks
    await say(hkh, 'hkh', 'hkh00002', '10:00:30.000', 'also, one more thing');
    await cycle(hkh);
    await cycle(aria); // the watcher pulls hkh's second entry meanwhile
    expect(entryKeys(await read(aria))).toEqual(['hkh00001', 'hkh00002']);
    await write(aria, seen + '\n' + hand('10:01', 'ARIA', 'answer to the first question')); // what it read, plus its reply
    const outcome = await cycle(aria);
    expect(outcome.notices).toMatchObject([{ kind: 'restored', heading: expect.stringMatching(/^## 10:00 - HKH/) }]);
    await expectEverywhere([aria, hkh], ['hkh00001', 'hkh00002', 'answer to the first question']);
    expect(await removedLines(box, FILE)).toEqual([]);
  });

  it('an entry written in two steps, with a pull in between, is committed once and whole', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await say(hkh, 'hkh', 'hkh00001', '10:00:00.000', 'morning');
    await cycle(hkh);
    await cycle(aria);
    await appendFile(join(aria, FILE), '\n## 10:02 - ARIA\n\nfirst half of a long answer'); // step one: no closing ---
    const first = await cycle(aria);
    expect(first.commit.sha).toBeUndefined();
    expect(first.commit.retryAt).toBeGreaterThan(Date.now());
    expect(first.notices).toMatchObject([{ kind: 'waiting', heading: '## 10:02 - ARIA', line: 10 }]);
    await say(hkh, 'hkh', 'hkh00002', '10:02:30.000', 'meanwhile');
    await cycle(hkh);
    await cycle(aria); // the pull: the half entry stays at the end of the working file
    expect((await read(aria)).endsWith('first half of a long answer')).toBe(true);
    await appendFile(join(aria, FILE), ', and the second half.\n\n---\n'); // step two
    await cycle(aria);
    await expectEverywhere([aria, hkh], ['hkh00001', 'hkh00002', 'first half of a long answer, and the second half.']);
    expect(await removedLines(box, FILE)).toEqual([]);
  });

  it('a fragment committed after the wait and completed later is still one entry, also when replayed over a peer', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await say(hkh, 'hkh', 'hkh00001', '10:00:00.000', 'morning');
    await cycle(hkh);
    await cycle(aria);
    await appendFile(join(aria, FILE), '\n## 10:02 - ARIA\n\nhalf');
    // The agent went quiet past the bound (say, it was killed): the fragment goes in as it is, locally only.
    const { commitLocalChanges } = await import('../../src/app/sync/commit.js');
    const { openRepo } = await import('../../src/app/clone/repo.js');
    const repo = await openRepo(aria, testPorts(box.env));
    const identity = { id: 'aria', name: 'ARIA' };
    expect((await commitLocalChanges(repo, identity, undefined, Date.now() + 60_000)).sha).toBeDefined();
    await appendFile(join(aria, FILE), ' and the rest\n\n---\n');
    expect((await commitLocalChanges(repo, identity)).notices).toEqual([]);
    // A peer pushes before aria's two commits go out: they are replayed onto it.
    await say(hkh, 'hkh', 'hkh00002', '10:03:00.000', 'meanwhile');
    await cycle(hkh);
    const outcome = await cycle(aria);
    expect(outcome.exchange.relation).toBe('diverged');
    await expectEverywhere([aria, hkh], ['hkh00001', 'hkh00002', 'half and the rest']);
  });

  it("the second step of an entry, written after a peer's entry came in behind its pushed first step, completes it in its place", async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    const whole = formatEntry({ id: 'hkh00001', at: `${DAY}T10:00:00.000Z`, author: 'hkh', name: 'HKH', body: 'written in two steps' });
    const cut = whole.indexOf('written in') + 'written in'.length;
    await say(hkh, 'hkh', 'hkh00000', '09:59:00.000', 'morning');
    await cycle(hkh);
    await appendFile(join(hkh, FILE), `\n${whole.slice(0, cut)}`);
    await laterCycle(hkh); // quiet past the wait: the first step goes out as it is
    await cycle(aria);
    await say(aria, 'aria', 'aria0001', '10:00:30.000', 'a reply in between');
    await cycle(aria);
    await cycle(hkh); // ARIA's entry is now after the open one, at the end of HKH's file
    await appendFile(join(hkh, FILE), whole.slice(cut)); // the agent appends its second step
    const outcome = await cycle(hkh);
    expect(outcome.notices).toMatchObject([{ kind: 'joined', path: FILE, heading: '## 10:00 - HKH', message: expect.stringContaining('continues this entry') }]);
    await expectEverywhere([aria, hkh], ['hkh00000', 'hkh00001', 'aria0001']);
    for (const text of [await remoteText(box, FILE), await read(aria), await read(hkh)]) {
      expect(text).toContain('written in two steps\n\n---');
      expect(text).toMatch(/a reply in between\n\n---\n$/);
    }
    expect(await readdir(join(hkh, '.git', 'ois')).then((names) => names.includes('kept'))).toBe(false);
    expect((await git(hkh, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('a hand-written HH:MM entry never moves an entry already pushed (the replay keeps the remote\'s order)', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await say(aria, 'aria', 'aria0001', '10:00:40.000', 'pushed first, at 10:00:40');
    await cycle(aria);
    // hkh has not pulled yet; its agent writes by hand `## 10:00` (sorts as 10:00:00, before aria's).
    await write(hkh, `# ${DAY} Chat Log\n\n${hand('10:00', 'HKH', 'written by hand at 10:00')}`);
    const outcome = await cycle(hkh);
    expect(outcome.exchange.relation).toBe('diverged');
    await expectEverywhere([aria, hkh], ['aria0001', 'written by hand at 10:00']);
    expect(await removedLines(box, FILE)).toEqual([]);
  });

  it('a git revert of a pulled chat commit is not pushed: the peer\'s entry comes back, and ois says so', async () => {
    const [hkh, newcomer] = [await joinAs(box, 'hkh'), await joinAs(box, 'zed')];
    await say(hkh, 'hkh', 'hkh00001', '10:00:00.000', 'morning');
    await say(hkh, 'hkh', 'hkh00002', '10:01:00.000', 'please review shared/plan.md');
    await cycle(hkh);
    await cycle(newcomer);
    const before = (await git(box.bare, ['rev-parse', 'main'], box.env)).trim();
    await git(newcomer, ['revert', '--no-edit', 'HEAD'], box.env);
    expect(await read(newcomer).catch(() => 'gone')).toBe('gone'); // the commit created the day file: the revert deletes it
    const outcome = await cycle(newcomer);
    expect(outcome.exchange.pushed).toBeUndefined();
    expect((await git(box.bare, ['rev-parse', 'main'], box.env)).trim()).toBe(before);
    expect(outcome.notices).toMatchObject([{ kind: 'restored', path: FILE, message: expect.stringMatching(/Revert .*removed 2 entries/) }]);
    await expectEverywhere([hkh, newcomer], ['hkh00001', 'hkh00002']);
    expect((await git(newcomer, ['status', '--porcelain'], box.env)).trim()).toBe('');
    expect((await git(newcomer, ['rev-parse', '--verify', 'refs/ois/backup/pre-push'], box.env)).trim()).toMatch(/^[0-9a-f]{40}$/);
    const status = await readStatus(newcomer, testPorts(box.env), new Date());
    expect(status.restored.map((n) => n.kind)).toEqual(['restored']);
  });

  it("a git revert of a peer's completed two-step entry is not pushed: the second half stays everywhere, the reverter's own entry goes out", async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await twoStepEntry(hkh);
    await cycle(aria);
    // By hand, racing nobody: ARIA reverts HEAD, which is HKH's completion, then commits an entry of hers.
    await git(aria, ['revert', '--no-edit', 'HEAD'], box.env);
    expect(await read(aria)).not.toContain('two steps');
    await appendFile(join(aria, FILE), `\n${hand('10:05', 'ARIA', 'after the revert')}`);
    await git(aria, ['commit', '-q', '--no-verify', '-am', 'chat by hand'], box.env);
    const outcome = await cycle(aria);
    expect(outcome.exchange.pushed).toBeDefined();
    expect(outcome.notices).toMatchObject([{ kind: 'restored', path: FILE, message: expect.stringMatching(/Revert .*cut the end off 1 entry the remote has \("## 10:00 - HKH"\)/) }]);
    await expectEverywhere([aria, hkh], ['hkh00000', 'hkh00001', 'after the revert']);
    for (const dir of [aria, hkh]) expect(await read(dir)).toContain('written in two steps');
    expect(await remoteText(box, FILE)).toContain('written in two steps');
    // The revert had nothing left to say once repaired: it is not in the history that went out.
    expect(await git(box.bare, ['log', '--format=%s', 'main'], box.env)).not.toMatch(/^Revert/m);
    expect((await git(aria, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('a stale copy written back by the agent whose own two-step entry it cuts short: the pushed entry keeps its end', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    const stale = await twoStepEntry(hkh); // the agent's file tool read the file with the first half only
    await write(hkh, stale); // and writes back what it read: its own entry, cut short
    expect((await cycle(hkh)).notices).toMatchObject([{ kind: 'waiting', message: expect.stringMatching(/lost its closing `---`/) }]);
    expect((await laterCycle(hkh)).notices).toMatchObject([{ kind: 'kept-original', kept: expect.stringMatching(/^\.git\/ois\/kept\//) }]);
    await expectEverywhere([aria, hkh], ['hkh00000', 'hkh00001']);
    for (const text of [await remoteText(box, FILE), await read(aria), await read(hkh)]) expect(text).toContain('written in two steps\n\n---');
    expect((await git(hkh, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('a --no-verify hand commit that rewrote the day file is repaired before it goes out, its own new entry kept', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await say(hkh, 'hkh', 'hkh00001', '10:00:00.000', 'morning');
    await cycle(hkh);
    await cycle(aria);
    await write(aria, `# ${DAY} Chat Log\n\n${hand('10:05', 'ARIA', 'the only entry left')}`);
    await git(aria, ['commit', '-q', '--no-verify', '-am', 'chat by hand'], box.env);
    const outcome = await cycle(aria);
    expect(outcome.exchange.pushed).toBeDefined();
    expect(outcome.notices[0]?.message).toMatch(/chat by hand.*removed 1 entry/);
    await expectEverywhere([aria, hkh], ['hkh00001', 'the only entry left']);
    expect(await removedLines(box, FILE)).toEqual([]);
    // The commit keeps its author and message; only its removal is undone.
    expect((await git(box.bare, ['log', '-1', '--format=%an|%s', 'main'], box.env)).trim()).toBe('Test|chat by hand');
  });

  it('one entry with a secret holds back that entry only: the rest goes out, incoming chat keeps flowing, the agent is told', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    const leak = `Authorization: Bearer ${'x9Kp2'.repeat(6)}`;
    await write(aria, `# ${DAY} Chat Log\n\n${hand('10:00', 'ARIA', 'fine')}\n${hand('10:01', 'ARIA', `call it with ${leak}`)}\n${hand('10:02', 'ARIA', 'also fine')}`);
    const first = await cycle(aria);
    expect(first.notices).toMatchObject([{ kind: 'held', heading: '## 10:01 - ARIA', line: 11 }]);
    expect(JSON.stringify(first.notices)).not.toContain('x9Kp2x9Kp2');
    expect(entryKeys(await remoteText(box, FILE))).toEqual(['fine', 'also fine']);
    // Incoming chat: merged into the working file around the held entry (no "local files changed" wedge).
    await cycle(hkh);
    await say(hkh, 'hkh', 'hkh00001', '10:03:00.000', 'hello');
    await cycle(hkh);
    const second = await cycle(aria);
    expect(second.exchange.pulled).toBe(1);
    expect(entryKeys(await read(aria))).toEqual(['fine', 'also fine', 'hkh00001', `call it with ${leak}`]);
    expect(entryKeys(await remoteText(box, FILE))).toEqual(['fine', 'also fine', 'hkh00001']);
    const status = await readStatus(aria, testPorts(box.env), new Date());
    expect(status.lastError).toBeUndefined();
    expect(status.held).toMatchObject([{ kind: 'held', path: FILE, heading: '## 10:01 - ARIA' }]);
    // The agent removes the token: the entry goes out, after everything already pushed.
    await write(aria, (await read(aria)).replace(leak, 'the token from `ois token`'));
    await cycle(aria);
    await expectEverywhere([aria, hkh], ['fine', 'also fine', 'hkh00001', 'call it with the token from `ois token`']);
    expect((await readStatus(aria, testPorts(box.env), new Date())).held).toEqual([]);
  });

  it("an edit to a peer's entry is not committed: the original stays, the edit is kept aside and reported", async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await say(hkh, 'hkh', 'hkh00001', '10:00:00.000', 'the plan is A');
    await cycle(hkh);
    await cycle(aria);
    await write(aria, (await read(aria)).replace('the plan is A', 'the plan is B'));
    const outcome = await cycle(aria);
    expect(outcome.commit.sha).toBeUndefined();
    const [notice] = outcome.notices;
    expect(notice).toMatchObject({ kind: 'kept-original', heading: '## 10:00 - HKH', kept: expect.stringMatching(/^\.git\/ois\/kept\//) });
    expect(await readFile(join(aria, notice?.kept ?? ''), 'utf8')).toContain('the plan is B');
    expect(await read(aria)).toContain('the plan is A');
    await expectEverywhere([aria, hkh], ['hkh00001']);
    expect(await remoteText(box, FILE)).toContain('the plan is A');
  });
});

describe('a registry that fails lint never reaches the team, and never stops the clone', () => {
  const entryFor = (id: string, gateway: string) => `\n## ${id.toUpperCase()} (Core)\n\n- Id: ${id}\n- Gateway: ${gateway}\n- Token: env:OIS_TOKEN_${id.toUpperCase()}\n`;

  it('a lint-failing AGENTS.md edit (left out) and a peer\'s AGENTS.md change: both flow, nothing wedges', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    await appendFile(join(aria, 'AGENTS.md'), entryFor('aria', 'not a url'));
    expect((await cycle(aria)).commit.excluded.map((e) => e.path)).toEqual(['AGENTS.md']);
    await writeFile(join(hkh, 'AGENTS.md'), `${entryFor('hkh', 'http://127.0.0.1:18790').trimStart()}\n${await readFile(join(hkh, 'AGENTS.md'), 'utf8')}`);
    expect((await cycle(hkh)).commit.files).toEqual(['AGENTS.md']);
    // aria pulls hkh's registry change with its own bad edit still in the working tree.
    const outcome = await cycle(aria);
    expect(outcome.exchange.pulled).toBe(1);
    const agents = await readFile(join(aria, 'AGENTS.md'), 'utf8');
    expect(agents).toContain('## HKH (Core)'); // the peer's change
    expect(agents).toContain('not a url'); // still the agent's edit, uncommitted
    expect(outcome.commit.excluded.map((e) => e.path)).toEqual(['AGENTS.md']);
    await say(aria, 'aria', 'aria0001', '10:00:00.000', 'chat keeps flowing');
    await cycle(aria);
    expect(entryKeys(await remoteText(box, FILE))).toEqual(['aria0001']);
    expect((await readStatus(aria, testPorts(box.env), new Date())).lastError).toBeUndefined();
  });

  it('an uncommitted registry edit that conflicts with an incoming change is kept aside, never lost, and the clone keeps syncing', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    const agents = (dir: string) => join(dir, 'AGENTS.md');
    await appendFile(agents(hkh), entryFor('hkh', 'http://127.0.0.1:18790'));
    await cycle(hkh);
    await cycle(aria);
    const original = await readFile(agents(aria), 'utf8');
    await writeFile(agents(aria), original.replace('http://127.0.0.1:18790', 'not a url'));
    expect((await cycle(aria)).commit.excluded.map((e) => e.path)).toEqual(['AGENTS.md']);
    await writeFile(agents(hkh), original.replace('http://127.0.0.1:18790', 'http://127.0.0.1:18791'));
    expect((await cycle(hkh)).commit.files).toEqual(['AGENTS.md']);
    const outcome = await cycle(aria);
    expect(outcome.exchange.pulled).toBe(1);
    const [kept] = outcome.notices.filter((n) => n.kind === 'kept-original');
    expect(kept).toMatchObject({ path: 'AGENTS.md', kept: expect.stringMatching(/^\.git\/ois\/kept\//) });
    expect(await readFile(join(aria, kept?.kept ?? ''), 'utf8')).toContain('not a url');
    expect(await readFile(agents(aria), 'utf8')).toContain('http://127.0.0.1:18791');
    expect((await git(aria, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('a registry that fails lint, committed with --no-verify, is not pushed; the rest is; the change stays as an edit', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    const agentsBefore = await remoteText(box, 'AGENTS.md');
    // One hand commit breaks the registry (and adds a chat entry); a second one adds a shared file.
    await appendFile(join(aria, 'AGENTS.md'), entryFor('aria', 'ftp://nowhere'));
    await say(aria, 'aria', 'aria0001', '10:00:00.000', '@zed please look');
    await git(aria, ['add', '-A'], box.env);
    await git(aria, ['commit', '-q', '--no-verify', '-m', 'registry and chat by hand'], box.env);
    await writeFile(join(aria, 'shared', 'notes.md'), 'notes\n');
    await git(aria, ['add', '-A'], box.env);
    await git(aria, ['commit', '-q', '--no-verify', '-m', 'notes by hand'], box.env);
    const badCommit = (await git(aria, ['rev-parse', 'HEAD~1'], box.env)).trim();
    const outcome = await cycle(aria);
    expect(outcome.exchange.pushed).toBeDefined();
    expect(await remoteText(box, 'AGENTS.md')).toBe(agentsBefore);
    expect(entryKeys(await remoteText(box, FILE))).toEqual(['aria0001']);
    expect(await remoteText(box, 'shared/notes.md')).toBe('notes\n');
    const [notice] = outcome.notices.filter((n) => n.kind === 'not-pushed');
    expect(notice).toMatchObject({ path: 'AGENTS.md', commit: badCommit });
    expect(notice?.message).toMatch(new RegExp(`commit ${badCommit.slice(0, 8)} .*fails lint: .*\\(gateway-url\\)`));
    expect(notice?.line).toBeGreaterThan(1);
    // Nothing discarded: the change is an uncommitted edit, the old commits on a backup ref.
    expect(await readFile(join(aria, 'AGENTS.md'), 'utf8')).toContain('ftp://nowhere');
    expect((await git(aria, ['status', '--porcelain'], box.env)).trim()).toBe('M AGENTS.md');
    expect((await git(aria, ['show', `refs/ois/backup/pre-push:AGENTS.md`], box.env))).toContain('ftp://nowhere');
    // The clone keeps syncing both ways, the edit left out each time until it is fixed.
    await say(hkh, 'hkh', 'hkh00001', '10:01:00.000', 'hi');
    await cycle(hkh);
    const next = await cycle(aria);
    expect(next.commit.excluded.map((e) => e.path)).toEqual(['AGENTS.md']);
    await expectEverywhere([aria, hkh], ['aria0001', 'hkh00001']);
    const files = await readdir(join(aria, 'shared'));
    expect(files).toContain('notes.md');
  });
});
