import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../src/adapters/git.js';
import { carriedByCommit, readCarried } from '../../src/app/wake/pushed.js';
import { identityEnv } from '../../src/core/identity.js';
import { parseRegistry } from '../../src/core/registry/parse.js';
import { appendTestEntry } from '../helpers/chat-files.js';
import { cycleIn, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

const DAY = '2026-11-23';
let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const say = (dir: string, id: string, at: string, body: string) => appendTestEntry(dir, { id, at: `${DAY}T${at}Z`, author: 'aria', body });

describe('what a pushed commit carried, from the commit step', () => {
  it('equals what git says the commit carried (entries with mentions, shared files)', async () => {
    const aria = await joinAs(box, 'aria');
    await joinAs(box, 'hkh');
    await say(aria, 'e0000001', '09:00:00.000', 'an older entry');
    await cycleIn(box, aria);
    await say(aria, 'e0000002', '10:00:00.000', 'hi @hkh, see shared/plan.md');
    await say(aria, 'e0000003', '10:00:01.000', 'and a second one');
    await mkdir(join(aria, 'shared'), { recursive: true });
    await writeFile(join(aria, 'shared', 'plan.md'), '# plan\n');

    const outcome = await cycleIn(box, aria, true);

    const pushed = outcome.exchange.pushed;
    expect(pushed).toBeDefined();
    if (!pushed) return;
    const git = createGit(aria, { env: box.env });
    const fromGit = await readCarried(git, pushed);
    const agents = parseRegistry(await readFile(join(aria, 'AGENTS.md'), 'utf8')).registry.agents;
    const fast = carriedByCommit(outcome.commit, pushed, identityEnv({ id: 'aria', name: 'ARIA' }).GIT_AUTHOR_EMAIL ?? '', agents);
    expect(fast).toEqual(fromGit.commits);
    expect(fast?.[0]?.entries.map((e) => e.id)).toEqual(['e0000002', 'e0000003']);
    expect(fast?.[0]?.sharedFiles).toEqual(['shared/plan.md']);
  });

  it('declines a range that is not exactly the commit on its parent', async () => {
    const aria = await joinAs(box, 'aria');
    await say(aria, 'e0000001', '09:00:00.000', 'one');
    const outcome = await cycleIn(box, aria, true);
    const pushed = outcome.exchange.pushed;
    if (!pushed || !outcome.commit.sha) throw new Error('nothing pushed');
    expect(carriedByCommit(outcome.commit, { to: pushed.to }, 'aria@ois.invalid', [])).toBeUndefined();
    expect(carriedByCommit(outcome.commit, { from: 'f'.repeat(40), to: pushed.to }, 'aria@ois.invalid', [])).toBeUndefined();
  });
});
