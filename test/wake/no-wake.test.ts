import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { fakeIO } from '../helpers/fake-io.js';
import { startTeam, type Team } from './team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

describe('writing without waking: ois say --no-wake and the [AUTO] marker (real git, fake Gateways)', () => {
  it('--no-wake writes, commits and pushes the entry marked [AUTO], and wakes nobody it mentions', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    const said = fakeIO(team.dirs.aria!, team.env('aria'));
    expect(await runCli(['say', '--no-wake', '--json', '@hkh @all thanks, got it'], said.io)).toBe(0);
    const result = JSON.parse(said.stdout()) as { synced: boolean; committed: boolean };
    expect(result).toMatchObject({ synced: true, committed: true });
    const log = fakeIO(team.dirs.hkh!, team.env('hkh'));
    expect(await runCli(['sync'], log.io)).toBe(0);
    expect(await runCli(['log', '--json', '--mentions', 'hkh'], log.io)).toBe(0);
    const items = JSON.parse(log.stdout().slice(log.stdout().indexOf('['))) as Array<{ body: string }>;
    // Kept and still a mention (it shows in hkh's log), only no wake was sent.
    expect(items.map((i) => i.body)).toEqual(['[AUTO] @hkh @all thanks, got it']);
    for (const gw of Object.values(team.gateways)) expect(gw.received).toHaveLength(0);
  });

  it('a hand-written [AUTO] entry wakes nobody; the next ordinary mention wakes as usual', async () => {
    team = await startTeam(['aria', 'hkh']);
    const wakes = await team.wakes('aria');
    await team.say('aria', '### Status Update [auto] @hkh\n\n- Agent: aria\n- Status: busy');
    await wakes.afterCycle(await team.cycle('aria'));
    await wakes.drain(5_000);
    expect(team.gateways.hkh!.received).toHaveLength(0);
    await team.say('aria', '@hkh a real question?');
    await wakes.afterCycle(await team.cycle('aria'));
    await wakes.drain(5_000);
    expect(team.gateways.hkh!.deliveries.map((d) => d.message)).toEqual([expect.stringContaining('> @hkh a real question?')]);
  });
});
