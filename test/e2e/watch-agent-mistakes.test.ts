import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatEntry } from '../../src/core/chatlog/format.js';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { commitsThatMovedPushedEntries, remoteText } from '../helpers/chat-history.js';
import { eventually, runOis, startOis, type OisProcess } from '../../harness/cli-process.js';
import { joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/** Issue 13 with the real watcher: writes racing `ois watch`, and `kill -9` between the two steps of a write. */
const WAIT_MS = 800;
let box: Sandbox;
const running: OisProcess[] = [];
beforeEach(async () => {
  box = await teamSandbox('watch-mistakes', { pollIntervalMs: 300, debounceMs: 20, incompleteEntryWaitMs: WAIT_MS });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await box.cleanup();
});

async function watch(dir: string): Promise<OisProcess> {
  const proc = startOis(['watch'], dir, box.env);
  running.push(proc);
  await proc.waitFor(/watching/);
  return proc;
}

const DAY = new Date().toISOString().slice(0, 10);
const FILE = `chat/${DAY}.md`;
/** An entry as ois writes it, split where an agent writing in two steps would stop. */
function twoHalves(id: string, body: string): [string, string] {
  const text = `\n${formatEntry({ id, at: new Date().toISOString(), author: 'aria', name: 'ARIA', body })}`;
  const cut = text.indexOf(body) + Math.floor(body.length / 2);
  return [text.slice(0, cut), text.slice(cut)];
}
const idsOn = async (text: Promise<string>) => parseChatLog(await text).entries.map((e) => e.id);
const onRemote = (id: string) => async () => (await idsOn(remoteText(box, FILE))).includes(id);
const whole = async (id: string, body: string) => {
  const entries = parseChatLog(await remoteText(box, FILE)).entries.filter((e) => e.id === id);
  return entries.length === 1 && entries[0]?.closed === true && entries[0].body === body;
};

describe('ois watch and the mistakes of agents with file tools', () => {
  it('an entry left without its --- is committed by a timer once quiet (no file event needed), and completing it later keeps one entry', async () => {
    const aria = await joinAs(box, 'aria');
    const a = await watch(aria);
    await runOis(['say', 'hello'], aria, box.env);
    const [first, second] = twoHalves('twostep00000001', 'a long answer written in two steps');
    await appendFile(join(aria, FILE), first);
    await a.waitFor(/waiting: no closing `---` yet/);
    expect(await onRemote('twostep00000001')()).toBe(false);
    // Nothing else is written: the watcher's timer commits it once the bound has passed.
    await eventually(onRemote('twostep00000001'), 20_000, 'the quiet fragment to be pushed');
    await appendFile(join(aria, FILE), second);
    await eventually(() => whole('twostep00000001', 'a long answer written in two steps'), 20_000, 'the completed entry on the remote');
    expect((await idsOn(remoteText(box, FILE))).filter((id) => id === 'twostep00000001')).toHaveLength(1);
    expect(await commitsThatMovedPushedEntries(box, FILE)).toEqual([]);
  });

  it('kill -9 between the two steps of a write, a peer writing meanwhile: one entry on the remote, never a fragment and a whole', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    let a = await watch(aria);
    const h = await watch(hkh);
    await runOis(['say', 'hello from aria'], aria, box.env);
    const [first, second] = twoHalves('twostep00000002', 'the answer, interrupted');
    await appendFile(join(aria, FILE), first);
    await a.stop('SIGKILL');
    await runOis(['say', 'hkh writes meanwhile'], hkh, box.env);
    a = await watch(aria); // heals, pulls hkh's entry; the fragment stays last in the working file
    await eventually(async () => (await readFile(join(aria, FILE), 'utf8')).includes('hkh writes meanwhile'), 20_000, 'hkh\'s entry in aria\'s clone');
    expect((await readFile(join(aria, FILE), 'utf8')).endsWith(first.slice(-10))).toBe(true);
    await appendFile(join(aria, FILE), second);
    await eventually(() => whole('twostep00000002', 'the answer, interrupted'), 30_000, 'the whole entry on the remote');
    await eventually(async () => (await readFile(join(hkh, FILE), 'utf8').catch(() => '')).includes('the answer, interrupted'), 20_000, 'the entry at hkh');
    expect((await idsOn(readFile(join(hkh, FILE), 'utf8'))).filter((id) => id === 'twostep00000002')).toHaveLength(1);
    expect(await commitsThatMovedPushedEntries(box, FILE)).toEqual([]);
    expect(h.output() + a.output()).not.toMatch(/sync failed/);
  });

  it('a whole-file rewrite racing the watcher: the peers keep their entries, and the log says what was restored', async () => {
    const [aria, hkh] = [await joinAs(box, 'aria'), await joinAs(box, 'hkh')];
    const a = await watch(aria);
    await watch(hkh);
    await runOis(['say', 'first from hkh'], hkh, box.env);
    await runOis(['say', 'second from hkh'], hkh, box.env);
    await eventually(async () => (await readFile(join(aria, FILE), 'utf8').catch(() => '')).includes('second from hkh'), 20_000, 'hkh\'s entries at aria');
    await writeFile(join(aria, FILE), formatEntry({ id: 'rewrite000000001', at: new Date().toISOString(), author: 'aria', name: 'ARIA', body: 'only mine' }));
    await a.waitFor(/restored: the entry was missing from the working file/);
    await eventually(onRemote('rewrite000000001'), 20_000, 'aria\'s entry on the remote');
    const remote = parseChatLog(await remoteText(box, FILE)).entries.map((e) => e.body);
    expect(remote).toEqual(['first from hkh', 'second from hkh', 'only mine']);
    await eventually(async () => (await readFile(join(hkh, FILE), 'utf8').catch(() => '')).includes('only mine'), 20_000, 'aria\'s entry at hkh');
    expect(parseChatLog(await readFile(join(hkh, FILE), 'utf8')).entries.map((e) => e.body)).toEqual(remote);
    const status = JSON.parse((await runOis(['status', '--json'], aria, box.env)).stdout) as { restored: Array<{ heading: string }> };
    expect(status.restored.length).toBeGreaterThanOrEqual(2);
  });
});
