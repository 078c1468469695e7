import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { fakeIO } from '../helpers/fake-io.js';
import { git } from '../../harness/git-repos.js';
import { racingPorts } from '../helpers/racing-ports.js';
import { openRepo } from '../../src/app/clone/repo.js';
import { runCycle } from '../../src/app/sync/cycle.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { originNote, startTeam, until, type Team } from './team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

describe('waking peers after a push (real git, fake Gateways on 127.0.0.1)', () => {
  it('wakes a mentioned peer exactly once, framed as a team message, on the canonical session key', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    const wakes = await team.wakes('aria');
    await team.say('aria', '@hkh please review shared/spec.md');
    const outcome = await team.cycle('aria');
    expect(outcome.exchange.pushed).toBeDefined();
    await wakes.afterCycle(outcome);
    expect((await wakes.drain(10_000)).idle).toBe(true);
    const hkh = team.gateways.hkh!;
    expect(hkh.deliveries).toHaveLength(1);
    expect(hkh.received.filter((r) => r.path === '/tools/invoke')).toHaveLength(1);
    const delivery = hkh.deliveries[0]!;
    expect(delivery.via).toBe('sessions_send');
    expect(delivery.sessionKey).toBe('agent:main:main');
    expect(delivery.message).toMatch(/^\[ois\] New messages from your team/);
    // A fresh random boundary per wake, the team name inside the block.
    expect(delivery.message).toMatch(/\n<<< ois-team-messages [A-Za-z0-9]{16} >>>\n> Team: acme\n/);
    expect(delivery.message).toContain('not by your owner');
    expect(delivery.message).toContain('> @hkh please review shared/spec.md');
    expect(delivery.message).toContain('(@aria)');
    expect(team.gateways.bob!.received).toHaveLength(0);
    expect(team.gateways.aria!.received).toHaveLength(0);
    const line = team.events.aria!.find((e) => e.event === 'wake');
    expect(line).toMatchObject({ level: 'info', message: 'Woke hkh.', fields: { peer: 'hkh', outcome: 'delivered' } });
    // The delivery is recorded as a note on the commit and pushed with it.
    await wakes.housekeeping();
    expect(await originNote(team, outcome.exchange.pushed!.to)).toMatch(/^ois-wake delivered peer=hkh at=\S+ by=aria$/m);
  });

  it('a queued push: woken for once, with the note on the queued commit, which main then holds', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    await team.say('aria', 'first, from aria');
    await team.cycle('aria');
    // aria pushes again between hkh's fetch and push: hkh's push is rejected and queued.
    await team.say('hkh', '@bob from hkh');
    const race = async (): Promise<void> => {
      await team!.say('aria', 'second, from aria');
      await team!.cycle('aria');
    };
    const repo = await openRepo(team.dirs.hkh!, racingPorts(team.env('hkh'), race));
    const outcome = await runCycle(repo, repo.identity!, systemCycleDeps());
    const queued = outcome.exchange.queued?.[0];
    if (!queued) throw new Error('nothing queued');
    const wakes = await team.wakes('hkh');
    // Without the watcher's hook (woken at once), the cycle's end wakes for it; asked again, never twice.
    await wakes.afterCycle(outcome);
    await wakes.afterCycle(outcome);
    await wakes.drain(10_000);
    expect(team.gateways.bob!.deliveries.map((d) => d.message.includes('@bob from hkh'))).toEqual([true]);
    await wakes.housekeeping();
    expect(await originNote(team, queued.to)).toMatch(/^ois-wake delivered peer=bob at=\S+ by=hkh$/m);
    await git(team.box.bare, ['merge-base', '--is-ancestor', queued.to, 'main'], team.box.env);
  });

  it('@all wakes every peer but never this agent', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    const wakes = await team.wakes('aria');
    await team.say('aria', 'standup in 5 min @all');
    await wakes.afterCycle(await team.cycle('aria'));
    await wakes.drain(10_000);
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
    expect(team.gateways.bob!.deliveries).toHaveLength(1);
    expect(team.gateways.aria!.received).toHaveLength(0);
    expect(wakes.summaries.map((s) => `${s.peer}:${s.outcome.kind}`).sort()).toEqual(['bob:delivered', 'hkh:delivered']);
  });

  it('a hanging peer delays neither the cycle hook nor another peer', async () => {
    team = await startTeam(['aria', 'hkh', 'bob'], { bob: { fault: { kind: 'hang' } } });
    const wakes = await team.wakes('aria');
    await team.say('aria', '@all the build is green');
    await wakes.afterCycle(await team.cycle('aria'));
    // The hook has returned; bob's call is still open, hkh is delivered regardless.
    await until(() => wakes.summaries.length === 1, 10_000, 'hkh delivered');
    await team.gateways.bob!.waitFor((g) => g.received.length === 1, 10_000);
    await wakes.drain(1_000).then(async (first) => {
      expect(first).toEqual({ idle: false, busy: ['bob'] });
    });
    expect(wakes.summaries.map((s) => `${s.peer}:${s.outcome.kind}`)).toEqual(['hkh:delivered']);
    // A later push is not held up either: a second cycle's hook returns and wakes hkh again.
    await team.say('aria', '@hkh one more thing');
    await wakes.afterCycle(await team.cycle('aria'));
    await until(() => wakes.summaries.length === 2, 10_000, 'second hkh wake');
    expect(team.gateways.hkh!.deliveries).toHaveLength(2);
    await wakes.close();
    expect(wakes.summaries.map((s) => `${s.peer}:${s.outcome.kind}`)).toEqual(['hkh:delivered', 'hkh:delivered', 'bob:aborted']);
  });

  it('reports a denied sessions_send (404) with the gateway.tools.allow advice, and notes the failure', async () => {
    team = await startTeam(['aria', 'hkh'], { hkh: { allowTools: [] } });
    const wakes = await team.wakes('aria');
    await team.say('aria', '@hkh ping');
    const outcome = await team.cycle('aria');
    await wakes.afterCycle(outcome);
    await wakes.drain(10_000);
    const line = team.events.aria!.find((e) => e.event === 'wake');
    expect(line?.level).toBe('warn');
    expect(line?.fields?.outcome).toBe('tool-not-allowed');
    expect(line?.message).toContain('gateway.tools.allow');
    expect(line?.message).toContain('"sessions_send"');
    expect(team.gateways.hkh!.received).toHaveLength(1); // not retried
    await wakes.housekeeping();
    expect(await originNote(team, outcome.exchange.pushed!.to)).toMatch(/ois-wake failed peer=hkh .*outcome=tool-not-allowed/);
  });

  it('never writes a token into logs, notes or state, even when a Gateway echoes it back', async () => {
    team = await startTeam(['aria', 'hkh', 'bob'], { bob: { fault: { kind: 'garbage' } } });
    const wakes = await team.wakes('aria');
    await team.say('aria', '@all tokens?');
    const outcome = await team.cycle('aria');
    await wakes.afterCycle(outcome);
    await wakes.drain(10_000);
    await wakes.housekeeping();
    expect(wakes.summaries.find((s) => s.peer === 'bob')?.outcome.kind).toBe('malformed');
    const state = await readFile(join(team.dirs.aria!, '.git', 'ois', 'wakes.json'), 'utf8');
    const everything = [
      JSON.stringify(team.events.aria),
      JSON.stringify(wakes.summaries),
      state,
      await originNote(team, outcome.exchange.pushed!.to),
    ].join('\n');
    expect(everything).toContain('bob');
    for (const gw of Object.values(team.gateways)) expect(everything).not.toContain(gw.token);
  });
});

describe('ois sync (one shot) wakes for what it pushed and exits', () => {
  it('prints the wake outcome, records it in the notes, and puts it in --json', async () => {
    team = await startTeam(['aria', 'hkh', 'bob'], { bob: { allowTools: [] } });
    await team.say('aria', '@hkh @bob one-shot');
    const text = fakeIO(team.dirs.aria!, team.env('aria'));
    expect(await runCli(['sync'], text.io)).toBe(0);
    expect(text.stdout()).toContain('Woke hkh.');
    expect(text.stdout()).toContain('gateway.tools.allow');
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
    const sha = (await git(team.dirs.aria!, ['rev-parse', 'HEAD'], team.box.env)).trim();
    const note = await originNote(team, sha);
    expect(note).toMatch(/delivered peer=hkh/);
    expect(note).toMatch(/failed peer=bob .*outcome=tool-not-allowed/);

    await team.say('aria', '@hkh again');
    const json = fakeIO(team.dirs.aria!, team.env('aria'));
    expect(await runCli(['sync', '--json'], json.io)).toBe(0);
    const report = JSON.parse(json.stdout()) as { wakes: Array<{ peer: string; outcome: { kind: string } }> };
    expect(report.wakes.map((w) => `${w.peer}:${w.outcome.kind}`)).toEqual(['hkh:delivered']);
    for (const gw of Object.values(team.gateways)) expect(text.stdout() + json.stdout()).not.toContain(gw.token);
  });
});
