import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startOis, type OisProcess } from '../../harness/cli-process.js';
import { git } from '../../harness/git-repos.js';
import { recordFigure } from '../helpers/report.js';
import { startTeam, type Team } from '../wake/team.js';

// Size knob: how many rounds of `@all` entries aria writes while every peer's Gateway misbehaves.
const ROUNDS = Number(process.env.OIS_GATEWAY_FAULT_ROUNDS ?? 3);

let team: Team | undefined;
let watcher: OisProcess | undefined;
afterEach(async () => {
  await watcher?.stop('SIGKILL');
  await team?.close();
  team = undefined;
});

describe("peers' Gateways that refuse, hang, return garbage or 429", () => {
  it('do not hold up the sync: every entry is pushed, and each failure is reported', async () => {
    team = await startTeam(
      ['aria', 'refuser', 'hanger', 'garbler', 'limiter', 'healthy'],
      {
        refuser: { allowTools: [] }, // sessions_send denied: 404
        hanger: { fault: { kind: 'hang' } },
        garbler: { fault: { kind: 'garbage' } },
        limiter: { fault: { kind: 'rate-limit', retryAfterSeconds: 1, times: 1_000 } },
      },
      { pollIntervalMs: 300, debounceMs: 20 },
    );
    const aria = team.dirs.aria as string;
    watcher = startOis(['watch'], aria, team.env('aria'));
    await watcher.waitFor(/watching/);
    const t0 = Date.now();
    for (let round = 0; round < ROUNDS; round += 1) {
      await team.say('aria', `@all round ${round}: please look at shared/results`);
      const expected = round + 1;
      await eventually(async () => {
        const text = await git(team!.box.bare, ['show', 'main:chat/2026-11-23.md'], team!.box.env).catch(() => '');
        return (text.match(/@all round \d+/g) ?? []).length >= expected;
      }, 30_000, `round ${round} on the remote`).catch((error: unknown) => {
        throw new Error(`${String(error)}\nwatcher output:\n${watcher?.output() ?? ''}`);
      });
    }
    const seconds = (Date.now() - t0) / 1000;
    // The healthy peer got every round, whatever the others did.
    await team.gateways.healthy?.waitFor((gw) => gw.deliveries.length >= 1, 30_000);
    // Each failure is reported in words a user can act on.
    await watcher.waitFor(/refuser.*gateway\.tools\.allow/s, 30_000);
    await watcher.waitFor(/limiter.*(rate|429)/is, 60_000);
    await watcher.waitFor(/garbler's Gateway .*answer that is not OpenClaw's/, 30_000);
    expect(watcher.output()).not.toMatch(/sync failed/);
    for (const id of ['refuser', 'hanger', 'garbler', 'limiter', 'healthy']) {
      expect(watcher.output()).not.toContain(team.gateways[id]?.token ?? 'never');
    }
    await recordFigure('gateway-faults', { rounds: ROUNDS, faultyPeers: 4, pushed: ROUNDS, lost: 0, secondsForAllRounds: seconds, healthyDeliveries: team.gateways.healthy?.deliveries.length ?? 0 });
  }, 240_000);
});
