import { testPorts } from '../../harness/ports.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/app/clone/repo.js';
import { createWakeNotes } from '../../src/app/wake/notes.js';
import { readCarried } from '../../src/app/wake/pushed.js';
import { git } from '../../harness/git-repos.js';
import { originNote, startTeam, type Team } from './team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

async function notesOf(id: string) {
  const repo = await openRepo(team!.dirs[id]!, testPorts(team!.env(id)));
  return createWakeNotes(repo, repo.identity!);
}

describe('wake notes in git (refs/notes/ois-wakes)', () => {
  it('merges diverged notes by union and pushes without force; a rejected push is retried later', async () => {
    team = await startTeam(['aria', 'hkh']);
    await team.say('aria', '@hkh hi');
    const sha = (await team.cycle('aria')).exchange.pushed!.to;
    await team.cycle('hkh');
    const aria = await notesOf('aria');
    const hkh = await notesOf('hkh');
    await aria.add(new Map([[sha, [{ status: 'failed', peer: 'hkh', at: '2026-11-23T10:00:00.000Z', by: 'aria', outcome: 'unreachable' } as const]]]));
    await hkh.add(new Map([[sha, [{ status: 'delivered', peer: 'hkh', at: '2026-11-23T10:05:00.000Z', by: 'hkh' } as const]]]));
    expect(await aria.sync()).toEqual({ integrated: 'none', push: 'pushed' });
    expect(await hkh.sync()).toEqual({ integrated: 'merged', push: 'pushed' });
    expect(await aria.sync()).toEqual({ integrated: 'fast-forward', push: 'up-to-date' });
    const lines = (await originNote(team, sha)).trim().split('\n');
    expect(lines).toEqual([
      'ois-wake delivered peer=hkh at=2026-11-23T10:05:00.000Z by=hkh',
      'ois-wake failed peer=hkh at=2026-11-23T10:00:00.000Z by=aria outcome=unreachable',
    ]);
    expect((await aria.read(sha)).map((r) => r.status)).toEqual(['delivered', 'failed']);
  });

  it('reports a refused notes push instead of throwing, and never touches the branch', async () => {
    team = await startTeam(['aria', 'hkh']);
    await team.say('aria', 'hello');
    const sha = (await team.cycle('aria')).exchange.pushed!.to;
    const aria = await notesOf('aria');
    await aria.add(new Map([[sha, [{ status: 'delivered', peer: 'hkh', at: '2026-11-23T10:00:00.000Z', by: 'aria' } as const]]]));
    await git(team.box.bare, ['config', 'receive.denyNonFastForwards', 'true'], team.box.env);
    // A hook on the origin that refuses notes (a host that protects refs): the branch keeps working.
    const { writeFile, chmod } = await import('node:fs/promises');
    const hook = `${team.box.bare}/hooks/pre-receive`;
    await writeFile(hook, '#!/bin/sh\nwhile read old new ref; do case "$ref" in refs/notes/*) echo "notes refused" >&2; exit 1;; esac; done\nexit 0\n');
    await chmod(hook, 0o755);
    const result = await aria.sync();
    expect(result.push).toBe('failed');
    await team.say('aria', 'still syncing');
    expect((await team.cycle('aria')).exchange.pushed).toBeDefined();
  });

  it('reads what each commit of a range carried, skipping an author', async () => {
    team = await startTeam(['aria', 'hkh']);
    await team.say('aria', 'one @hkh');
    await team.cycle('aria');
    await team.say('aria', 'two');
    const pushed = (await team.cycle('aria')).exchange.pushed!;
    const repo = await openRepo(team.dirs.aria!, testPorts(team.env('aria')));
    const all = await readCarried(repo.git, { to: pushed.to });
    expect(all.commits.flatMap((c) => c.entries.map((e) => e.body))).toEqual(['one @hkh', 'two']);
    expect(all.commits[0]?.entries[0]?.mentions.ids).toEqual(['hkh']);
    expect(all.agents.map((a) => a.id)).toEqual(['aria', 'hkh']);
    const range = await readCarried(repo.git, pushed);
    expect(range.commits.flatMap((c) => c.entries.map((e) => e.body))).toEqual(['two']);
    expect((await readCarried(repo.git, { to: pushed.to }, { skipAuthor: 'aria' })).commits).toEqual([]);
  });
});
