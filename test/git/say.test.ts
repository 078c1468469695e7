import { testPorts } from '../../harness/ports.js';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { say, type SayDeps } from '../../src/app/chat/say.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { runCli } from '../../src/cli/program.js';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { fakeIO } from '../helpers/fake-io.js';
import { freePort, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

interface SayJson {
  file: string;
  id: string;
  at: string;
  synced: boolean;
  via: string;
  committed: boolean;
  error: { code: string; message: string } | null;
}

async function cli(dir: string, args: string[], stdin = '') {
  const fake = fakeIO(dir, box.env, stdin);
  const code = await runCli(['say', ...args], fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

async function sayJson(dir: string, args: string[], stdin = ''): Promise<SayJson & { code: number }> {
  const run = await cli(dir, ['--json', ...args], stdin);
  return { code: run.code, ...(JSON.parse(run.stdout) as SayJson) };
}

const entriesOf = async (dir: string, file: string) => parseChatLog(await readFile(join(dir, file), 'utf8')).entries;
const remoteFile = (file: string) => git(box.bare, ['show', `main:${file}`], box.env);

describe('ois say', () => {
  it("appends an entry to today's file, with an id and the exact time, and pushes it", async () => {
    const aria = await joinAs(box, 'aria');
    const before = Date.now();
    const result = await sayJson(aria, ['Delegated', 'batch-001', 'to', '@hkh.']);
    expect(result.code).toBe(0);
    expect(result).toMatchObject({ synced: true, via: 'here', committed: true, error: null });
    expect(result.file).toBe(`chat/${result.at.slice(0, 10)}.md`);
    expect(Date.parse(result.at)).toBeGreaterThanOrEqual(before);
    expect(result.id).toMatch(/^[0-9a-z]{16}$/);
    const text = await readFile(join(aria, result.file), 'utf8');
    expect(text.startsWith(`# ${result.at.slice(0, 10)} Chat Log\n\n## ${result.at.slice(11, 16)} - ARIA\n`)).toBe(true);
    const [entry] = await entriesOf(aria, result.file);
    expect(entry).toMatchObject({ id: result.id, at: result.at, author: 'aria', name: 'ARIA', body: 'Delegated batch-001 to @hkh.', closed: true });
    expect(await remoteFile(result.file)).toBe(text);
    const subject = await git(box.bare, ['log', '-1', '--format=%an|%s', 'main'], box.env);
    expect(subject.trim()).toBe(`ARIA|chat(aria): 1 entry in ${result.at.slice(0, 10)}`);
  });

  it('prints a readable line without --json', async () => {
    const aria = await joinAs(box, 'aria');
    const run = await cli(aria, ['hello']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote entry [0-9a-z]{16} to chat\/\d{4}-\d{2}-\d{2}\.md at \S+Z; synced\n$/);
  });

  it('reads a long, multi-line message from stdin when no words are given', async () => {
    const aria = await joinAs(box, 'aria');
    const message = '## Results\n\n- item one\n- item two\n\n```sh\n## 14:00 - not a heading\n```\n\n---\n\nthe end\n';
    const result = await sayJson(aria, [], message);
    expect(result.code).toBe(0);
    const entries = await entriesOf(aria, result.file);
    expect(entries).toHaveLength(1);
    // A body line that would read as an entry heading is escaped, even in a code fence (docs/chat-format.md).
    expect(entries[0]?.body).toBe(message.trim().replace('## 14:00', '\\## 14:00'));
  });

  it('keeps a Unicode name and a message with Chinese text and emoji byte for byte', async () => {
    const xm = await joinAs(box, 'xm', box.remote, '小明 🚀');
    const message = '你好 @all 👋🏽 — ready ✓ (ÅÉÎ)';
    const result = await sayJson(xm, [message]);
    expect(result.code).toBe(0);
    const [entry] = await entriesOf(xm, result.file);
    expect(entry).toMatchObject({ name: '小明 🚀', author: 'xm', body: message });
    expect(await remoteFile(result.file)).toContain(`- 小明 🚀\n`);
  });

  it('appends to an existing day file and creates the next day with its title (injected clock)', async () => {
    const aria = await joinAs(box, 'aria');
    const times = ['2026-11-23T23:59:58.100Z', '2026-11-23T23:59:59.999Z', '2026-11-24T00:00:00.000Z'];
    let n = 0;
    const deps: SayDeps = {
      now: () => new Date(times[Math.min(n, times.length - 1)] as string),
      randomBytes: (size) => new Uint8Array(size).fill(n),
      cycle: systemCycleDeps(),
    };
    const results = [];
    for (const message of ['late', 'later', 'next day']) {
      results.push(await say({ cwd: aria, ports: testPorts(box.env), message, sync: false }, deps));
      n += 1;
    }
    expect(results.map((r) => [r.file, r.at, r.via, r.committed])).toEqual([
      ['chat/2026-11-23.md', times[0], 'none', false],
      ['chat/2026-11-23.md', times[1], 'none', false],
      ['chat/2026-11-24.md', times[2], 'none', false],
    ]);
    expect(results[0]?.id).toBe('0000000000000000');
    const first = await readFile(join(aria, 'chat', '2026-11-23.md'), 'utf8');
    expect(first.startsWith('# 2026-11-23 Chat Log\n\n## 23:59 - ARIA\n')).toBe(true);
    expect(parseChatLog(first).entries.map((e) => e.body)).toEqual(['late', 'later']);
    const second = await readFile(join(aria, 'chat', '2026-11-24.md'), 'utf8');
    expect(second.startsWith('# 2026-11-24 Chat Log\n\n## 00:00 - ARIA\n')).toBe(true);
    // --no-sync: written, not committed.
    expect(await git(aria, ['status', '--porcelain', 'chat'], box.env)).toMatch(/\?\? chat\/2026-11-2[34]\.md/);
  });

  it('--no-sync only writes the entry', async () => {
    const aria = await joinAs(box, 'aria');
    const result = await sayJson(aria, ['--no-sync', 'quiet']);
    expect(result).toMatchObject({ code: 0, synced: false, via: 'none', committed: false });
    expect((await entriesOf(aria, result.file)).map((e) => e.body)).toEqual(['quiet']);
    await expect(remoteFile(result.file)).rejects.toThrow();
  });

  it('refuses an empty message (exit 2) and writes nothing', async () => {
    const aria = await joinAs(box, 'aria');
    expect((await cli(aria, [], '  \n\n')).code).toBe(2);
    expect((await cli(aria, ['   '])).code).toBe(2);
    expect((await readdir(join(aria, 'chat'))).filter((f) => f.endsWith('.md'))).toEqual([]);
  });

  it('without an identity: NO_IDENTITY (exit 3), nothing written', async () => {
    const seed = join(box.root, 'seed');
    const run = await cli(seed, ['hello']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/no ois identity/);
    expect(run.stderr).toMatch(/ois join/);
    expect((await readdir(join(seed, 'chat'))).filter((f) => f.endsWith('.md'))).toEqual([]);
  });

  it('keeps and commits the entry when the remote is unreachable, and exits 4', async () => {
    const aria = await joinAs(box, 'aria');
    await git(aria, ['remote', 'set-url', 'origin', `git://127.0.0.1:${await freePort()}/origin.git`], box.env);
    const run = await cli(aria, ['offline for now']);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/wrote entry [0-9a-z]{16} to chat\/.+ \(committed locally\)/);
    expect(run.stderr).toMatch(/sync failed/);
    expect(run.stderr).toMatch(/The entry is kept in a local commit/);
    expect(await git(aria, ['status', '--porcelain'], box.env)).toBe('');
    expect(await git(aria, ['log', '-1', '--format=%s'], box.env)).toMatch(/^chat\(aria\): 1 entry in /);
    const json = await sayJson(aria, ['still offline']);
    expect(json).toMatchObject({ code: 4, synced: false, committed: true, error: { code: 'REMOTE_UNREACHABLE' } });
  });

  it('two ois say at once on one clone lose no entry (with and without sync)', async () => {
    const aria = await joinAs(box, 'aria');
    const quiet = await Promise.all(Array.from({ length: 6 }, (_, i) => sayJson(aria, ['--no-sync', `quiet ${i}`])));
    const loud = await Promise.all(Array.from({ length: 3 }, (_, i) => sayJson(aria, [`loud ${i}`])));
    expect(quiet.every((r) => r.code === 0) && loud.every((r) => r.code === 0 && r.synced)).toBe(true);
    const file = loud[0]?.file ?? '';
    const ids = (text: string) => parseChatLog(text).entries.map((e) => e.id).sort();
    const expected = [...quiet, ...loud].map((r) => r.id).sort();
    expect(ids(await readFile(join(aria, file), 'utf8'))).toEqual(expected);
    expect(ids(await remoteFile(file))).toEqual(expected);
  });
  it('while the agent is still writing an entry in steps, ois say goes before it, and the agent\'s next step completes its own entry', async () => {
    const aria = await joinAs(box, 'aria');
    await joinAs(box, 'hkh');
    expect((await sayJson(aria, ['morning'])).code).toBe(0);
    const file = `chat/${new Date().toISOString().slice(0, 10)}.md`;
    const path = join(aria, file);
    // The agent's file tool: the first step of an entry, no closing --- yet (the watcher would wait for it).
    const { appendFile } = await import('node:fs/promises');
    await appendFile(path, '\n## 10:00 - ARIA\n\nthe plan, first');
    const said = await sayJson(aria, ['a', 'quick', 'note', 'meanwhile']);
    expect(said.code).toBe(0);
    await appendFile(path, ' and second part\n\n---\n');
    expect((await sayJson(aria, ['done'])).code).toBe(0);
    const bodies = (await entriesOf(aria, file)).map((e) => [e.body, e.closed]);
    expect(bodies).toEqual([['morning', true], ['a quick note meanwhile', true], ['the plan, first and second part', true], ['done', true]]);
    expect(parseChatLog(await remoteFile(file)).entries.map((e) => e.body)).toEqual(['morning', 'a quick note meanwhile', 'the plan, first and second part', 'done']);
  });

  it('a first step already committed stays where it is: ois say goes after it', async () => {
    const aria = await joinAs(box, 'aria');
    expect((await sayJson(aria, ['morning'])).code).toBe(0);
    const file = `chat/${new Date().toISOString().slice(0, 10)}.md`;
    const { appendFile } = await import('node:fs/promises');
    await appendFile(join(aria, file), '\n## 10:00 - ARIA\n\nhalf');
    await git(aria, ['commit', '-q', '--no-verify', '-am', 'the half, by hand'], box.env);
    expect((await sayJson(aria, ['after the half'])).code).toBe(0);
    expect((await entriesOf(aria, file)).map((e) => e.body)).toEqual(['morning', 'half', 'after the half']);
  });
});
