import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { isOisError } from '../../src/core/errors.js';
import { openRepo } from '../../src/app/clone/repo.js';
import type { Pushed } from '../../src/app/sync/exchange.js';
import { readCarried } from '../../src/app/wake/pushed.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { testPorts } from '../../harness/ports.js';
import { runCycle } from '../../src/app/sync/cycle.js';
import { racingPorts } from '../helpers/racing-ports.js';
import { appendTestEntry } from '../helpers/chat-files.js';
import { cycleIn, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

// The push queue (docs/sync.md, "When everyone writes at once"), over real git: a rejected push goes
// out as refs/ois/queue/<id>/<sha> at once, and the next push to main takes it in one merge commit
// that keeps its commits (and so their wake notes); what a teammate queues by hand is never taken
// unless it is chat alone and harms no pushed entry.

const DAY = '2026-11-23';
const FILE = `chat/${DAY}.md`;
let box: Sandbox;
afterEach(async () => {
  await box.cleanup();
});

const say = (dir: string, author: string, id: string, at: string) => appendTestEntry(dir, { id, at: `${DAY}T${at}Z`, author, body: `${id} says hello` });
const ids = (text: string): string[] => parseChatLog(text).entries.map((e) => e.id ?? '?');
const onMain = (path = FILE) => git(box.bare, ['show', `main:${path}`], box.env);
const queueRefs = async (): Promise<string[]> => (await git(box.bare, ['for-each-ref', '--format=%(refname)', 'refs/ois/queue/'], box.env)).split('\n').filter(Boolean);
const inMain = async (sha: string): Promise<boolean> =>
  git(box.bare, ['merge-base', '--is-ancestor', sha, 'main'], box.env).then(
    () => true,
    () => false,
  );
async function carriedIds(dir: string, range: Pushed): Promise<string[]> {
  const repo = await openRepo(dir, testPorts(box.env));
  const carried = await readCarried(repo.git, range);
  return carried.commits.flatMap((c) => c.entries.map((e) => e.id ?? '?'));
}

/** aria and hkh joined; aria pushed aria0001, which hkh has not seen; hkh wrote hkh00001 (uncommitted). */
async function hkhBehindAria(): Promise<{ aria: string; hkh: string }> {
  const aria = await joinAs(box, 'aria');
  const hkh = await joinAs(box, 'hkh');
  await say(aria, 'aria', 'aria0001', '10:00:00.000');
  await cycleIn(box, aria);
  await say(hkh, 'hkh', 'hkh00001', '10:00:01.000');
  return { aria, hkh };
}

describe('a rejected push is queued and merged, keeping its commits', () => {
  beforeEach(async () => {
    box = await teamSandbox();
  });

  it('wakes for the queued range at once, merges it onto the remote with the remote as first parent, and never wakes for it again', async () => {
    const { aria, hkh } = await hkhBehindAria();
    // aria pushes again right before hkh's first push.
    let ariaTip = '';
    const ports = racingPorts(box.env, async () => {
      await say(aria, 'aria', 'aria0002', '10:00:02.000');
      await cycleIn(box, aria);
      ariaTip = (await git(box.bare, ['rev-parse', 'main'], box.env)).trim();
    });
    const woken: Pushed[] = [];
    const repo = await openRepo(hkh, ports);
    const outcome = await runCycle(repo, repo.identity!, { ...systemCycleDeps(), onQueued: (range) => void woken.push(range) }, { pushFirst: true });

    expect(woken).toHaveLength(1);
    const queued = woken[0];
    if (!queued) throw new Error('nothing queued');
    expect(outcome.exchange.queued).toEqual([queued]);
    // The queued range carries hkh's entry alone: the wake is for it.
    expect(await carriedIds(hkh, queued)).toEqual(['hkh00001']);
    // On main now, with its own commit id (its wake notes stay valid), after aria's entry.
    expect(await inMain(queued.to)).toBe(true);
    expect(ids(await onMain())).toEqual(['aria0001', 'aria0002', 'hkh00001']);
    const firstParents = (await git(box.bare, ['rev-list', '--first-parent', 'main'], box.env)).split('\n');
    expect(firstParents).toContain(ariaTip); // main's first-parent history only appended
    const tip = (await git(box.bare, ['log', '-1', '--format=%P%x1f%s', 'main'], box.env)).trim().split('\x1f');
    expect(tip[0]?.split(' ')).toEqual([ariaTip, queued.to]);
    expect(tip[1]).toBe('ois: merge 1 queued push (hkh)');
    // What reached main after the queue carries nothing new: no second wake.
    const pushed = outcome.exchange.pushed;
    expect(pushed).toBeDefined();
    if (pushed) expect(await carriedIds(hkh, pushed)).toEqual([]);
    // The queue ref went once main held it; the clone is clean and at main.
    expect(await queueRefs()).toEqual([]);
    expect(await readFile(join(hkh, FILE), 'utf8')).toBe(await onMain());
    expect((await git(hkh, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('pushing first, even a first rejection that only says the clone was behind is queued at once: woken before any fetch, replay or second push', async () => {
    const { hkh } = await hkhBehindAria();
    const pushes: string[] = [];
    const repo = await openRepo(hkh, racingPorts(box.env, async () => void pushes.push('branch'), 9));
    const woken: Array<{ range: Pushed; branchPushes: number }> = [];
    const outcome = await runCycle(repo, repo.identity!, { ...systemCycleDeps(), onQueued: (range) => void woken.push({ range, branchPushes: pushes.length }) }, { pushFirst: true });
    // Queued (and woken) right after the first, rejected, push to the branch.
    expect(woken.map((w) => w.branchPushes)).toEqual([1]);
    expect(outcome.exchange.queued).toEqual([woken[0]!.range]);
    expect(await carriedIds(hkh, woken[0]!.range)).toEqual(['hkh00001']);
    expect(ids(await onMain())).toEqual(['aria0001', 'hkh00001']);
    expect(await inMain(woken[0]!.range.to)).toBe(true);
    expect((await git(box.bare, ['log', '-1', '--format=%s', 'main'], box.env)).trim()).toBe('ois: merge 1 queued push (hkh)');
    expect(await queueRefs()).toEqual([]);
    expect(await readFile(join(hkh, FILE), 'utf8')).toBe(await onMain());
  });
});

describe("another member's queued push", () => {
  beforeEach(async () => {
    // No retries: a rejected push is queued, then the cycle stops (PUSH_REJECTED), as a crash right after the queue push would leave it.
    box = await teamSandbox('test-team', { pushRetries: 0 });
  });

  /** `id` writes and syncs (fetching first) while `racer` pushes in between: its push is rejected and queued. */
  async function queuedBy(dir: string, id: string, entry: string, at: string, racer: string): Promise<string> {
    await say(dir, id, entry, at);
    const race = async (): Promise<void> => {
      await say(racer, 'racer', 'racer001', at);
      await cycleIn(box, racer);
    };
    const repo = await openRepo(dir, racingPorts(box.env, race));
    const error = await runCycle(repo, repo.identity!, systemCycleDeps()).then(() => undefined, (e: unknown) => e);
    expect(isOisError(error) && error.code).toBe('PUSH_REJECTED');
    const ref = (await queueRefs()).find((r) => r.startsWith(`refs/ois/queue/${id}/`));
    if (!ref) throw new Error(`${id} queued nothing`);
    return ref.slice(ref.lastIndexOf('/') + 1);
  }

  it('goes out with the next writer\'s push, whose wake carries only its own entry; its author then fast-forwards and drops the ref', async () => {
    const aria = await joinAs(box, 'aria');
    const zed = await joinAs(box, 'zed');
    await say(aria, 'aria', 'aria0001', '10:00:00.000');
    await cycleIn(box, aria);
    const racer = await joinAs(box, 'racer');
    const zedSha = await queuedBy(zed, 'zed', 'zed00001', '10:00:01.000', racer);
    expect(await inMain(zedSha)).toBe(false);

    await say(aria, 'aria', 'aria0002', '10:00:02.000');
    const outcome = await cycleIn(box, aria);

    expect(await inMain(zedSha)).toBe(true);
    expect(ids(await onMain())).toEqual(['aria0001', 'racer001', 'zed00001', 'aria0002']);
    const pushed = outcome.exchange.pushed;
    if (!pushed) throw new Error('aria pushed nothing');
    expect(await carriedIds(aria, pushed)).toEqual(['aria0002']);

    // A crash left zed's clone without its own record of the queue ref: the next cycle finds its commit on main.
    await git(zed, ['update-ref', '-d', `refs/ois/queued/zed/${zedSha}`], box.env);
    const again = await cycleIn(box, zed);
    expect(again.exchange.queued).toBeUndefined();
    expect(again.exchange.pushed).toBeUndefined(); // nothing of zed's to push twice
    expect(await readFile(join(zed, FILE), 'utf8')).toBe(await onMain());
    expect(await queueRefs()).toEqual([]);
  });

  it('is never taken when a teammate queued something else than chat, cut a pushed entry, or queued unrelated history', async () => {
    const aria = await joinAs(box, 'aria');
    const zed = await joinAs(box, 'zed');
    await say(aria, 'aria', 'aria0001', '10:00:00.000');
    await cycleIn(box, aria);
    const registryBefore = await onMain('AGENTS.md');
    // A hostile teammate with plain git and push access.
    const evil = join(box.root, 'evil');
    await git(box.root, ['clone', '-q', box.bare, evil], box.env);
    const commitAll = async (message: string): Promise<string> => {
      await git(evil, ['add', '-A'], box.env);
      await git(evil, ['commit', '-q', '--no-verify', '-m', message], box.env);
      return (await git(evil, ['rev-parse', 'HEAD'], box.env)).trim();
    };
    const queue = (sha: string, name = sha) => git(evil, ['push', '-q', 'origin', `${sha}:refs/ois/queue/evil/${name}`], box.env);
    const hostile: Record<string, string> = {};
    // 1. a chat entry and a registry change together
    await say(evil, 'evil', 'evil0001', '10:00:05.000');
    await writeFile(join(evil, 'AGENTS.md'), `${registryBefore}\n## EVIL\n\n- Id: aria\n`);
    hostile.registry = await commitAll('chat and registry');
    await queue(hostile.registry);
    // 2. aria's pushed entry cut out, a new one in its place
    await git(evil, ['reset', '-q', '--hard', 'origin/main'], box.env);
    await writeFile(join(evil, FILE), `# ${DAY} Chat Log\n`);
    await say(evil, 'evil', 'evil0002', '10:00:06.000');
    hostile.cut = await commitAll('cut');
    await queue(hostile.cut);
    // 3. the day file deleted
    await git(evil, ['reset', '-q', '--hard', 'origin/main'], box.env);
    await git(evil, ['rm', '-q', FILE], box.env);
    hostile.deleted = await commitAll('delete');
    await queue(hostile.deleted);
    // 4. unrelated history holding a day file
    await git(evil, ['checkout', '-q', '--orphan', 'other'], box.env);
    await git(evil, ['rm', '-rq', '--cached', '.'], box.env);
    await say(evil, 'evil', 'evil0004', '10:00:08.000');
    await git(evil, ['add', FILE], box.env);
    await git(evil, ['commit', '-q', '--no-verify', '-m', 'unrelated'], box.env);
    hostile.unrelated = (await git(evil, ['rev-parse', 'HEAD'], box.env)).trim();
    await queue(hostile.unrelated);
    // 5. a ref that does not name its commit
    await queue(hostile.registry, 'not-a-sha');
    // And an honest member's queued push beside them.
    const racer = await joinAs(box, 'racer');
    const zedSha = await queuedBy(zed, 'zed', 'zed00001', '10:00:09.000', racer);

    await say(aria, 'aria', 'aria0002', '10:00:10.000');
    await cycleIn(box, aria);

    for (const [what, sha] of Object.entries(hostile)) expect({ what, taken: await inMain(sha) }).toEqual({ what, taken: false });
    expect(await inMain(zedSha)).toBe(true);
    expect(ids(await onMain())).toEqual(['aria0001', 'racer001', 'zed00001', 'aria0002']);
    expect(await onMain('AGENTS.md')).toBe(registryBefore);
    expect(await readFile(join(aria, FILE), 'utf8')).toBe(await onMain());
    // Nobody deletes a teammate's refs: they stay on the remote, never merged.
    expect((await queueRefs()).filter((r) => r.startsWith('refs/ois/queue/evil/'))).toHaveLength(5);
  });
});
