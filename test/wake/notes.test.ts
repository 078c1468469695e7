import { testPorts } from '../../harness/ports.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/app/clone/repo.js';
import { createWakeNotes } from '../../src/app/wake/notes.js';
import { readCarried } from '../../src/app/wake/pushed.js';
import { git } from '../../harness/git-repos.js';
import type { Git } from '../../src/ports/git.js';
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

  it('reads many commits\' notes in one git process, as one by one would, whatever a pushed note holds', async () => {
    team = await startTeam(['aria', 'hkh']);
    const shas: string[] = [];
    for (const text of ['one @hkh', 'two @hkh', 'three @hkh']) {
      await team.say('aria', text);
      shas.push((await team.cycle('aria')).exchange.pushed!.to);
    }
    const [one, two, three] = shas as [string, string, string];
    const aria = await notesOf('aria');
    await aria.add(new Map([[one, [{ status: 'delivered', peer: 'hkh', at: '2026-11-23T10:00:00.000Z', by: 'aria' } as const]]]));
    const repo = await openRepo(team.dirs.aria!, testPorts(team.env('aria')));
    const calls: string[][] = [];
    const counting: Git = { ...repo.git, exec: (op, options) => (calls.push([...op.args]), repo.git.exec(op, options)) };
    const counted = createWakeNotes({ git: counting }, repo.identity!);
    const many = await counted.readMany([one, two, three, one]);
    expect(calls).toHaveLength(1);
    expect([...many.keys()]).toEqual([one, two, three]);
    for (const sha of shas) expect(many.get(sha)).toEqual(await aria.read(sha));
    expect(many.get(one)?.map((r) => r.status)).toEqual(['delivered']);
    // A teammate's note that imitates the batch's record separator and a record of another commit: the
    // read does not line up and falls back to one by one, so no commit gets another's records.
    const forged = `ois-wake delivered peer=hkh at=2026-11-23T10:00:00.000Z by=mallory\n\x1e\n${three}\x00ois-wake delivered peer=hkh at=2026-11-23T10:00:00.000Z by=mallory`;
    const { writeFile } = await import('node:fs/promises');
    const forgedFile = `${team.dirs.aria!}/.git/forged-note`;
    await writeFile(forgedFile, forged);
    await git(team.dirs.aria!, ['notes', '--ref=refs/notes/ois-wakes', 'add', '-f', '-F', forgedFile, two], team.box.env);
    calls.length = 0;
    const again = await counted.readMany([two, three]);
    expect(calls.length).toBe(3);
    expect(again.get(three)).toEqual([]);
    expect(again.get(two)).toEqual(await aria.read(two));
    // A commit this clone does not have: git refuses the whole batch; the others are still read.
    const absent = 'f'.repeat(40);
    const withAbsent = await counted.readMany([one, absent]);
    expect(withAbsent.get(absent)).toEqual([]);
    expect(withAbsent.get(one)?.map((r) => r.by)).toEqual(['aria']);
    // Recording keeps what each note held: the notes before are read in one go too (then one `notes add` each).
    calls.length = 0;
    const later = { status: 'failed', peer: 'hkh', at: '2026-11-23T11:00:00.000Z', by: 'aria', outcome: 'unreachable' } as const;
    await counted.add(new Map([[one, [later]], [three, [later]]]));
    expect(calls.map((args) => args[0])).toEqual(['log', 'notes', 'notes']);
    expect((await aria.read(one)).map((r) => r.status)).toEqual(['delivered', 'failed']);
    expect((await aria.read(three)).map((r) => r.status)).toEqual(['failed']);
  });
});
