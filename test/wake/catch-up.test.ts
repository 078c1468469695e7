import { afterEach, describe, expect, it } from 'vitest';
import { originNote, startTeam, until, type Team } from './team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

describe('store and forward: an agent whose Gateway missed a wake catches up from its own clone', () => {
  it('hkh offline during the push gets one catch-up wake when its clone pulls, and a second pull does not repeat it', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    const hkhGw = team.gateways.hkh!;
    const hkhWakes = await team.wakes('hkh', { catchUp: {} });
    const ariaWakes = await team.wakes('aria');

    hkhGw.setFault({ kind: 'reset' }); // hkh's Gateway is down
    await team.say('aria', '@hkh the release notes need you');
    const pushed = await team.cycle('aria');
    await ariaWakes.afterCycle(pushed);
    await ariaWakes.drain(10_000);
    expect(ariaWakes.summaries.map((s) => `${s.peer}:${s.outcome.kind}`)).toEqual(['hkh:unreachable']);
    await ariaWakes.housekeeping();
    expect(await originNote(team, pushed.exchange.pushed!.to)).toMatch(/failed peer=hkh .*outcome=unreachable/);

    hkhGw.setFault({ kind: 'none' }); // back online
    const requestsBefore = hkhGw.received.length;
    const pulled = await team.cycle('hkh');
    expect(pulled.exchange.pulled).toBeGreaterThan(0);
    await hkhWakes.afterCycle(pulled);
    await hkhWakes.drain(10_000);
    expect(hkhGw.deliveries).toHaveLength(1);
    expect(hkhGw.received.length - requestsBefore).toBe(1);
    expect(hkhGw.deliveries[0]?.message).toContain('> @hkh the release notes need you');
    expect(hkhWakes.summaries.map((s) => `${s.kind}:${s.outcome.kind}`)).toEqual(['catch-up:delivered']);
    expect(team.events.hkh!.find((e) => e.event === 'catch-up')?.message).toMatch(/^catch-up: /);

    // The catch-up is recorded (and pushed) so that it is never repeated, here or after a restart.
    await hkhWakes.housekeeping();
    expect(await originNote(team, pushed.exchange.pushed!.to)).toMatch(/delivered peer=hkh .*by=hkh/);
    await team.say('aria', 'unrelated, nobody mentioned');
    await ariaWakes.afterCycle(await team.cycle('aria'));
    await hkhWakes.afterCycle(await team.cycle('hkh'));
    await hkhWakes.drain(10_000);
    const restarted = await team.wakes('hkh', { catchUp: { graceMs: 0 } });
    await restarted.afterCycle(await team.cycle('hkh'));
    await restarted.housekeeping();
    await restarted.drain(10_000);
    expect(hkhGw.deliveries).toHaveLength(1);
    // bob was never concerned.
    expect(team.gateways.bob!.received).toHaveLength(0);
  });

  it('a wake that was delivered normally is not repeated by the catch-up', async () => {
    team = await startTeam(['aria', 'hkh']);
    const hkhWakes = await team.wakes('hkh', { catchUp: { graceMs: 0 } });
    const ariaWakes = await team.wakes('aria');
    await team.say('aria', '@hkh hello');
    await ariaWakes.afterCycle(await team.cycle('aria'));
    await ariaWakes.drain(10_000);
    await ariaWakes.housekeeping(); // records the delivery and pushes the note
    await hkhWakes.afterCycle(await team.cycle('hkh'));
    await hkhWakes.housekeeping();
    await hkhWakes.drain(10_000);
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
    expect(hkhWakes.summaries).toEqual([]);
  });

  it('waits for the pusher\'s note, and catches up once the grace period passes without one', async () => {
    team = await startTeam(['aria', 'hkh']);
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const hkhWakes = await team.wakes('hkh', { catchUp: { graceMs: 60_000 }, now: () => new Date(clock) });
    // aria's ois predates wakes (no notes, no wake): only the catch-up can bring it.
    await team.say('aria', '@hkh are you there?');
    await team.cycle('aria');
    await hkhWakes.afterCycle(await team.cycle('hkh'));
    await hkhWakes.drain(10_000);
    expect(team.gateways.hkh!.deliveries).toHaveLength(0);
    clock += 61_000;
    await hkhWakes.housekeeping();
    await until(() => hkhWakes.summaries.length === 1, 10_000, 'catch-up');
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
    await hkhWakes.housekeeping();
    clock += 600_000;
    await hkhWakes.housekeeping();
    await hkhWakes.drain(10_000);
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
  });
});
