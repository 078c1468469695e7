import { testPorts } from '../../harness/ports.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/adapters/log.js';
import { openRepo } from '../../src/app/clone/repo.js';
import { runDaemon } from '../../src/app/sync/daemon.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import type { AfterPush } from '../../src/app/wake/after-push.js';
import { git } from '../../harness/git-repos.js';
import { originNote, startTeam, until, untilAsync, type Team } from './team.js';

let team: Team | undefined;
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await team?.close();
  team = undefined;
});

/** `ois watch` for one clone, with the wake hooks plugged in as the command does. */
async function watch(id: string, wakes: AfterPush): Promise<void> {
  const repo = await openRepo(team!.dirs[id]!, testPorts(team!.env(id)));
  const controller = new AbortController();
  const running = runDaemon(repo, repo.identity!, { ...systemCycleDeps(), log: silentLogger, afterCycle: wakes.afterCycle, idle: () => wakes.housekeeping() }, controller.signal);
  stops.push(async () => {
    controller.abort();
    await running;
  });
}

async function head(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', 'HEAD'], team!.box.env)).trim();
}

describe('ois watch wakes peers and forwards what its agent missed', () => {
  it('end to end: a mention wakes the peer once; an offline peer catches up once when its watcher comes back', async () => {
    team = await startTeam(['aria', 'hkh', 'bob'], {}, { pollIntervalMs: 200, debounceMs: 20 });
    const ariaWakes = await team.wakes('aria');
    await watch('aria', ariaWakes);

    // Online: bob is mentioned and woken by aria's watcher; hkh is not mentioned.
    await team.say('aria', '@bob please review');
    await until(() => team!.gateways.bob!.deliveries.length === 1, 20_000, 'bob woken');
    expect(team.gateways.bob!.deliveries[0]?.message).toContain('> @bob please review');

    // hkh's machine is off: aria's wake fails and the failure is noted on the remote.
    team.gateways.hkh!.setFault({ kind: 'reset' });
    await team.say('aria', '@hkh you missed this');
    await until(() => ariaWakes.summaries.some((s) => s.peer === 'hkh'), 20_000, 'hkh attempt');
    const sha = await head(team.dirs.aria!);
    await untilAsync(async () => /failed peer=hkh/.test(await originNote(team!, sha)), 20_000, 'failure noted on the remote');

    // hkh comes back and starts its watcher: one catch-up wake, recorded, and not repeated.
    team.gateways.hkh!.setFault({ kind: 'none' });
    const hkhWakes = await team.wakes('hkh', { catchUp: {} });
    await watch('hkh', hkhWakes);
    await until(() => team!.gateways.hkh!.deliveries.length === 1, 20_000, 'hkh catch-up');
    expect(team.gateways.hkh!.deliveries[0]?.message).toContain('> @hkh you missed this');
    await untilAsync(async () => /delivered peer=hkh .*by=hkh/.test(await originNote(team!, sha)), 20_000, 'catch-up noted on the remote');
    await team.say('aria', 'nothing for anyone');
    const tip = async () => (await git(team!.box.bare, ['rev-parse', 'main'], team!.box.env)).trim();
    await untilAsync(async () => (await head(team!.dirs.hkh!)) === (await tip()), 20_000, 'hkh pulled');
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
    expect(team.gateways.bob!.deliveries).toHaveLength(1);
    expect(team.gateways.aria!.received).toHaveLength(0);
  });
});
