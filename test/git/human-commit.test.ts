import { testPorts } from '../../harness/ports.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendChatEntry } from '../../src/app/chat/append.js';
import { openRepo } from '../../src/app/clone/repo.js';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { appendTestEntry } from '../helpers/chat-files.js';
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

const deps = { now: () => new Date(), randomBytes: (n: number) => new Uint8Array(randomBytes(n)) };
const MIA = { id: 'mia', name: 'Mia 🌸' };

/** `author name <email>|subject|files` of the remote's commits, newest first, down to `n`. */
async function remoteLog(n: number): Promise<string[]> {
  const out = await git(box.bare, ['log', `-${n}`, '--format=%x01%an <%ae>|%cn|%s', '--name-only', 'main'], box.env);
  return out.split('\x01').filter(Boolean).map((r) => r.trim().split('\n').filter(Boolean).join('|'));
}

describe('a person posting in an agent clone (ois.human) is committed as that person', () => {
  it('alone in the batch: one commit authored and committed by the person, pushed', async () => {
    await git(aria, ['config', 'ois.human', 'mia'], box.env);
    const repo = await openRepo(aria, testPorts(box.env));
    const entry = await appendChatEntry(repo, MIA, '@aria please stop the render', deps);
    await cycleIn(box, aria, true);
    const [last] = await remoteLog(1);
    expect(last).toBe(`Mia 🌸 <mia@ois.invalid>|Mia 🌸|chat(mia): 1 entry in ${entry.at.slice(0, 10)}|${entry.file}`);
  });

  it('ois.human set while the watcher runs (ois web --as after ois watch) is honoured at the next commit', async () => {
    const { runCycle } = await import('../../src/app/sync/cycle.js');
    const { systemCycleDeps } = await import('../../src/wiring/cycle-deps.js');
    const watcherRepo = await openRepo(aria, testPorts(box.env)); // opened before ois.human exists, as a running watcher did
    await git(aria, ['config', 'ois.human', 'mia'], box.env);
    await appendChatEntry(watcherRepo, MIA, 'set after the watcher started', deps);
    await runCycle(watcherRepo, watcherRepo.identity!, systemCycleDeps(), { pushFirst: true });
    const [last] = await remoteLog(1);
    expect(last).toMatch(/^Mia 🌸 <mia@ois\.invalid>\|Mia 🌸\|chat\(mia\)/);
  });

  it('beside the agent: the person first (their entry and the attachment they link), then the agent; nothing lost', async () => {
    await git(aria, ['config', 'ois.human', 'mia'], box.env);
    const repo = await openRepo(aria, testPorts(box.env));
    await mkdir(join(aria, 'shared', 'attachments'), { recursive: true });
    await writeFile(join(aria, 'shared', 'attachments', 'plan.txt'), 'the plan\n');
    await writeFile(join(aria, 'shared', 'aria-notes.md'), 'notes\n');
    const first = await appendChatEntry(repo, { id: 'aria', name: 'ARIA' }, 'working on it', deps);
    await appendChatEntry(repo, MIA, 'see [the plan](shared/attachments/plan.txt) @aria', deps);
    await appendChatEntry(repo, { id: 'aria', name: 'ARIA' }, 'got it', deps);
    await cycleIn(box, aria, true);
    const [agent, person] = await remoteLog(2);
    expect(person).toBe(`Mia 🌸 <mia@ois.invalid>|Mia 🌸|mia: chat 1 entry in ${first.at.slice(0, 10)}; shared add attachments/plan.txt|${first.file}|shared/attachments/plan.txt`);
    expect(agent).toMatch(/^ARIA <aria@ois\.invalid>\|ARIA\|aria: chat 2 entries in .*; shared add aria-notes\.md\|chat\/.*\|shared\/aria-notes\.md$/);
    // The person's commit holds their entry only; the tip holds all three, in the order written.
    const atPerson = await git(box.bare, ['show', `main~1:${first.file}`], box.env);
    expect(parseChatLog(atPerson).entries.map((e) => e.author)).toEqual(['mia']);
    const atTip = parseChatLog(await readFile(join(aria, first.file), 'utf8')).entries;
    expect(atTip.map((e) => e.author)).toEqual(['aria', 'mia', 'aria']);
    expect(await git(box.bare, ['show', `main:${first.file}`], box.env)).toBe(await readFile(join(aria, first.file), 'utf8'));
    expect((await git(aria, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('an agent cannot pass its entries off as the person: without ois.human, an entry claiming author=mia is the agent’s commit', async () => {
    await appendTestEntry(aria, { id: 'forged00001x', at: new Date().toISOString(), author: 'mia', name: 'Mia 🌸', body: 'I approve everything' });
    await cycleIn(box, aria, true);
    const [last] = await remoteLog(1);
    expect(last).toMatch(/^ARIA <aria@ois\.invalid>\|ARIA\|chat\(aria\): 1 entry/);
  });

  it('ois.human naming someone who is not a human member of AGENTS.md changes nothing', async () => {
    await git(aria, ['config', 'ois.human', 'aria-owner'], box.env);
    const repo = await openRepo(aria, testPorts(box.env));
    await appendChatEntry(repo, { id: 'aria-owner', name: 'Owner' }, 'hello', deps);
    await cycleIn(box, aria, true);
    const [last] = await remoteLog(1);
    expect(last).toMatch(/^ARIA <aria@ois\.invalid>\|ARIA\|chat\(aria\)/);
  });
});
