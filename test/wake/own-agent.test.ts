import { testPorts } from '../../harness/ports.js';
import { appendFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendChatEntry } from '../../src/app/chat/append.js';
import { openRepo } from '../../src/app/clone/repo.js';
import { git } from '../../harness/git-repos.js';
import { originNote, startTeam, type Team } from './team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

const deps = { now: () => new Date(), randomBytes: (n: number) => new Uint8Array(randomBytes(n)) };

/** aria and hkh (agents with fake Gateways) and Mia, a person who posts from aria's clone. */
async function teamWithMia(): Promise<Team> {
  const t = await startTeam(['aria', 'hkh']);
  await appendFile(join(t.dirs.aria!, 'AGENTS.md'), '\n## Mia (Owner)\n\n- Id: mia\n- Kind: human\n');
  await t.cycle('aria');
  await git(t.dirs.aria!, ['config', 'ois.human', 'mia'], t.box.env);
  return t;
}

describe('a person posting in an agent clone wakes whom they mention, that agent included', () => {
  it('"@hkh stop the render, @aria take over": both Gateways woken, the wake noted; a human is never woken', async () => {
    team = await teamWithMia();
    const wakes = await team.wakes('aria');
    const repo = await openRepo(team.dirs.aria!, testPorts(team.env('aria')));
    await appendChatEntry(repo, { id: 'mia', name: 'Mia' }, '@hkh stop the render, @aria take over. cc @mia', deps);
    const outcome = await team.cycle('aria');
    await wakes.afterCycle(outcome);
    expect((await wakes.drain(10_000)).idle).toBe(true);
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
    expect(team.gateways.aria!.deliveries).toHaveLength(1);
    expect(team.gateways.aria!.deliveries[0]?.message).toContain('> @hkh stop the render, @aria take over.');
    expect(team.gateways.aria!.deliveries[0]?.message).toContain('(@mia)');
    expect(team.events.aria!.find((e) => e.fields?.peer === 'aria')?.message).toMatch(/^own agent: .*\(1 entry written in this clone\)$/);
    await wakes.housekeeping();
    const note = await originNote(team, outcome.exchange.pushed!.to);
    expect(note).toMatch(/delivered peer=aria .*by=aria/);
    expect(note).toMatch(/delivered peer=hkh .*by=aria/);
    expect(note).not.toMatch(/peer=mia/);
  });

  it('the agent’s own entries never wake its own Gateway', async () => {
    team = await teamWithMia();
    const wakes = await team.wakes('aria');
    await team.say('aria', 'note to self @aria, and @mia please look');
    await wakes.afterCycle(await team.cycle('aria'));
    await wakes.drain(10_000);
    expect(team.gateways.aria!.received).toHaveLength(0);
    expect(team.gateways.hkh!.received).toHaveLength(0);
  });
});
