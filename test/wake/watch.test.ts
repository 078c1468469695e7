import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testPorts } from '../../harness/ports.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type LogEvent, type Logger } from '../../src/adapters/log.js';
import { openRepo } from '../../src/app/clone/repo.js';
import { runDaemon } from '../../src/app/sync/daemon.js';
import { runWatcher } from '../../src/app/sync/watcher.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import type { AfterPush } from '../../src/app/wake/after-push.js';
import { git } from '../../harness/git-repos.js';
import { commitsThatMovedPushedEntries, entryKeys } from '../helpers/chat-history.js';
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

/**
 * `ois watch` in a clone (runWatcher, as the command runs it), its log events collected. With
 * `busyAtReload`, the clone lock is held by another command in the moment of the first reload (its
 * second taking is refused once, as when `ois sync` took it in that gap).
 */
async function watchAsCommand(id: string, busyAtReload = false): Promise<LogEvent[]> {
  const ports = testPorts(team!.env(id));
  let takes = 0;
  const locks = { ...ports.locks, takeClone: (...args: Parameters<typeof ports.locks.takeClone>) => ((takes += 1) === 2 && busyAtReload ? Promise.resolve(undefined) : ports.locks.takeClone(...args)) };
  const repo = await openRepo(team!.dirs[id]!, { ...ports, locks });
  const events: LogEvent[] = [];
  const log: Logger = { log: (event) => void events.push(event) };
  const controller = new AbortController();
  const running = runWatcher(repo, repo.identity!, team!.env(id), log, systemCycleDeps(), controller.signal);
  stops.push(async () => {
    controller.abort();
    await running;
  });
  return events;
}

/** A teammate pushes an ois.config.json with `wake.mode` set, by plain git (no hook: the value is not checked). */
async function pushWakeMode(id: string, mode: string): Promise<void> {
  const dir = team!.dirs[id]!;
  await git(dir, ['pull', '-q', '--no-rebase', 'origin', 'main'], team!.box.env);
  const path = join(dir, 'ois.config.json');
  const config = JSON.parse(await readFile(path, 'utf8')) as { wake?: Record<string, unknown> };
  config.wake = { ...config.wake, mode };
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
  await git(dir, ['commit', '-q', '--no-verify', '-am', `wake.mode ${mode}`], team!.box.env);
  await git(dir, ['push', '-q', 'origin', 'main'], team!.box.env);
}

const onRemote = (text: string) => untilAsync(async () => (await git(team!.box.bare, ['log', '-p', '-1', 'main'], team!.box.env)).includes(text), 20_000, `"${text}" pushed`);

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

  it('a pushed change of ois.config.json: runs on with the config now in force, and ignores a pushed version that fails validation', async () => {
    team = await startTeam(['aria', 'hkh', 'bob'], {}, { pollIntervalMs: 200, debounceMs: 20 });
    await pushWakeMode('hkh', 'none');
    await team.cycle('aria'); // aria's clone holds it: its watcher starts with wake.mode none
    const events = await watchAsCommand('aria', true);
    await team.say('aria', '@bob before the change');
    await onRemote('@bob before the change');

    await pushWakeMode('hkh', 'mentions');
    await until(() => events.some((e) => e.event === 'config-reloaded'), 20_000, 'the reload');
    expect(events.find((e) => e.event === 'config-reloaded')?.message).toContain('wake.mode');
    // The lock was taken by someone else in the gap: the watcher took it back, it did not stop.
    await until(() => events.filter((e) => e.event === 'started').length === 2, 20_000, 'the watcher running again');
    await team.say('aria', '@bob after the change');
    await until(() => team!.gateways.bob!.deliveries.length === 1, 20_000, 'bob woken');
    expect(team.gateways.bob!.deliveries[0]?.message).toContain('@bob after the change');
    expect(team.gateways.bob!.deliveries[0]?.message).not.toContain('before the change');

    // A hostile or careless push of a value the schema refuses: reported, the valid version stays in force.
    await pushWakeMode('hkh', 'shout');
    await until(() => events.some((e) => e.event === 'not-in-force'), 20_000, 'the bad config reported');
    await team.say('aria', '@bob still woken');
    await until(() => team!.gateways.bob!.deliveries.length === 2, 20_000, 'bob woken again');
    expect(events.filter((e) => e.event === 'config-reloaded')).toHaveLength(1);
    expect(events.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('a burst: five agents answer at once; the asker is woken once per answer, every clone holds each once, pushed entries never move', async () => {
    const writers = ['w1', 'w2', 'w3', 'w4', 'w5'];
    team = await startTeam(['q', ...writers], {}, { pollIntervalMs: 200, debounceMs: 20 });
    for (const id of ['q', ...writers]) await watchAsCommand(id);
    await sleep(500); // every watcher through its first cycle
    // All at once, as after an @all question: their pushes race; the rejected ones are queued and merged.
    await Promise.all(writers.map((id) => team!.say(id, `@q answer from ${id}`)));
    const file = join('chat', '2026-11-23.md');
    const everywhere = async (): Promise<boolean> => {
      for (const dir of Object.values(team!.dirs)) {
        const text = await readFile(join(dir, file), 'utf8').catch(() => '');
        if (!writers.every((id) => text.includes(`answer from ${id}`))) return false;
      }
      return true;
    };
    const woken = (id: string): number => team!.gateways.q!.deliveries.filter((d) => d.message.includes(`answer from ${id}`)).length;
    await until(() => writers.every((id) => woken(id) >= 1), 30_000, 'q woken for every answer');
    await untilAsync(everywhere, 30_000, 'every answer in every clone');
    // The wake notes are exchanged and every catch-up has had its look: still one wake per answer.
    await sleep(1_500);
    expect(writers.map((id) => [id, woken(id)])).toEqual(writers.map((id) => [id, 1]));
    const onRemote = entryKeys(await git(team.box.bare, ['show', `main:${file}`], team.box.env));
    expect(new Set(onRemote).size).toBe(onRemote.length);
    for (const dir of Object.values(team.dirs)) expect(entryKeys(await readFile(join(dir, file), 'utf8'))).toEqual(onRemote);
    expect(await commitsThatMovedPushedEntries(team.box, file)).toEqual([]);
    // The race was real: at least one rejected push went through the queue (a merge of queued pushes on main).
    expect(await git(team.box.bare, ['log', '--format=%s', 'main'], team.box.env)).toMatch(/^ois: merge \d+ queued push/m);
    for (const id of writers) expect(team.gateways[id]!.received.filter((r) => JSON.stringify(r).includes(`answer from ${id}`))).toHaveLength(0);
  });
});
