import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { fakeIO } from '../helpers/fake-io.js';
import { git } from '../../harness/git-repos.js';
import { racingPorts } from '../helpers/racing-ports.js';
import { openRepo } from '../../src/app/clone/repo.js';
import { runCycle } from '../../src/app/sync/cycle.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { originNote, startTeam, type Team } from './team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

/** Sets `wake.budget` in the team's ois.config.json (pushed from the first clone, pulled by the others). */
async function setBudget(t: Team, budget: Record<string, unknown>): Promise<void> {
  const [first, ...rest] = Object.keys(t.dirs);
  const dir = t.dirs[first!]!;
  const file = join(dir, 'ois.config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as { wake: Record<string, unknown> };
  config.wake = { ...config.wake, budget };
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  await git(dir, ['commit', '-q', '--no-verify', '-am', 'test: wake budget'], t.box.env);
  await git(dir, ['push', '-q', 'origin', 'main'], t.box.env);
  for (const id of rest) await git(t.dirs[id]!, ['pull', '-q', '--no-rebase'], t.box.env);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const head = async (t: Team, id: string) => (await git(t.dirs[id]!, ['rev-parse', 'HEAD'], t.box.env)).trim();

describe('the wake budget (real git, fake Gateways on 127.0.0.1)', () => {
  it('a burst: pairWakes wakes go out, the rest are held (noted held, logged once, shown by ois status), then one digest carries them all', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    await setBudget(team, { pairWakes: 2, windowMs: 60_000, cooldownMs: 1_500 });
    const wakes = await team.wakes('aria');
    const commits: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      await team.say('aria', `@hkh message ${n}`);
      await wakes.afterCycle(await team.cycle('aria'));
      commits.push(await head(team, 'aria'));
    }
    await wakes.drain(5_000);
    const hkh = team.gateways.hkh!;
    expect(hkh.deliveries.map((d) => /message (\d)/.exec(d.message)?.[1])).toEqual(['1', '2']);
    const budgetLines = team.events.aria!.filter((e) => e.event === 'wake-budget' && e.level === 'warn');
    expect(budgetLines).toHaveLength(1);
    expect(budgetLines[0]?.message).toMatch(/^holding the wakes of hkh: 2 wakes within 60 s \(wake\.budget\.pairWakes\); they go out as one digest wake at \d\d:\d\d:\d\d UTC$/);

    const status = fakeIO(team.dirs.aria!, team.env('aria'));
    await runCli(['status', '--json'], status.io);
    const report = JSON.parse(status.stdout()) as { wakeBudget: Array<{ peer: string; reason: string; wakes: number; because: string }> };
    expect(report.wakeBudget).toEqual([expect.objectContaining({ peer: 'hkh', reason: 'burst', wakes: 2, because: '2 wakes within 60 s (wake.budget.pairWakes)' })]);
    const text = fakeIO(team.dirs.aria!, team.env('aria'));
    await runCli(['status'], text.io);
    expect(text.stdout()).toMatch(/wakes held hkh: 2 wakes within 60 s \(wake\.budget\.pairWakes\); 2 held wakes go out as one digest at/);

    // The held commits are noted, so hkh's own catch-up waits for the digest instead of undoing the budget.
    await wakes.housekeeping();
    expect(await originNote(team, commits[2]!)).toMatch(/^ois-wake held peer=hkh at=\S+ by=aria until=\S+$/m);

    await sleep(1_600);
    await wakes.housekeeping();
    await wakes.drain(5_000);
    expect(hkh.deliveries).toHaveLength(3);
    const digest = hkh.deliveries[2]!.message;
    expect(digest).toContain('These entries come together in one wake: 2 wakes were held back since');
    expect(digest).toContain('> @hkh message 3');
    expect(digest).toContain('> @hkh message 4');
    await wakes.housekeeping();
    expect(await originNote(team, commits[3]!)).toMatch(/delivered peer=hkh/);
    // Nothing was dropped: every entry reached hkh's clone.
    await team.cycle('hkh');
    const log = fakeIO(team.dirs.hkh!, team.env('hkh'));
    await runCli(['log', '--json', '--agent', 'aria'], log.io);
    expect((JSON.parse(log.stdout()) as Array<{ body: string }>).map((i) => i.body)).toEqual(['@hkh message 1', '@hkh message 2', '@hkh message 3', '@hkh message 4']);
    expect(team.gateways.bob!.received).toHaveLength(0);
  });

  it('a long two-agent exchange pauses their wakes; a third member writing lifts the pause and the held answer goes out', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    await setBudget(team, { pairWakes: 100, exchangeRounds: 2, exchangePauseMs: 600_000 });
    const aria = await team.wakes('aria');
    const hkh = await team.wakes('hkh');
    // aria and hkh answer each other; each clone pulls the other's answer before writing its own.
    for (let round = 1; round <= 3; round += 1) {
      await team.say('aria', `@hkh round ${round}?`);
      await aria.afterCycle(await team.cycle('aria'));
      await team.cycle('hkh');
      await team.say('hkh', `@aria answer ${round}`);
      await hkh.afterCycle(await team.cycle('hkh'));
      await team.cycle('aria');
      await aria.housekeeping();
    }
    await aria.drain(5_000);
    await hkh.drain(5_000);
    // Two rounds each way, then both sides paused (aria's third question and hkh's third answer are held).
    expect(team.gateways.hkh!.deliveries.map((d) => /round (\d)/.exec(d.message)?.[1])).toEqual(['1', '2']);
    expect(team.gateways.aria!.deliveries.map((d) => /answer (\d)/.exec(d.message)?.[1])).toEqual(['1', '2']);
    const line = team.events.aria!.find((e) => e.event === 'wake-budget' && e.level === 'warn');
    expect(line?.message).toContain('2 rounds of answers between the two with nobody else writing (wake.budget.exchangeRounds)');
    expect(line?.message).toContain('or as soon as another member writes');

    // bob (a third member) writes; aria's clone pulls it and the pause ends: the held question goes out.
    await team.say('bob', 'morning all, standup at 10');
    await team.cycle('bob');
    await team.cycle('aria');
    await aria.housekeeping();
    await aria.drain(5_000);
    expect(team.gateways.hkh!.deliveries.map((d) => /round (\d)/.exec(d.message)?.[1])).toEqual(['1', '2', '3']);
    expect(team.gateways.hkh!.deliveries[2]?.message).toContain('rounds of answers between the two with nobody else writing');
  });

  it('an answer whose push was queued before its clone saw the peer answer still counts as a round: held, not sent', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    await setBudget(team, { pairWakes: 100, exchangeRounds: 2, exchangePauseMs: 600_000 });
    const aria = await team.wakes('aria');
    const hkh = await team.wakes('hkh');
    await team.say('aria', '@hkh round 1?');
    await aria.afterCycle(await team.cycle('aria'));
    await team.cycle('hkh');
    await team.say('hkh', '@aria answer 1');
    await hkh.afterCycle(await team.cycle('hkh'));
    await team.cycle('aria');
    await aria.housekeeping();
    await team.say('aria', '@hkh round 2?');
    await aria.afterCycle(await team.cycle('aria'));
    await team.cycle('hkh');
    // aria writes her third question before her clone has hkh's second answer, which lands as she pushes:
    // her push is rejected and queued. The queued tip lacks hkh's answer; the branch has it.
    await team.say('aria', '@hkh round 3?');
    const race = async (): Promise<void> => {
      await team!.say('hkh', '@aria answer 2');
      await hkh.afterCycle(await team!.cycle('hkh'));
    };
    const repo = await openRepo(team.dirs.aria!, racingPorts(team.env('aria'), race));
    const outcome = await runCycle(repo, repo.identity!, systemCycleDeps());
    expect(outcome.exchange.queued).toHaveLength(1);
    await aria.afterCycle(outcome);
    await aria.drain(5_000);
    await hkh.drain(5_000);
    expect(team.gateways.hkh!.deliveries.map((d) => /round (\d)/.exec(d.message)?.[1])).toEqual(['1', '2']);
    const line = team.events.aria!.find((e) => e.event === 'wake-budget' && e.level === 'warn');
    expect(line?.message).toContain('2 rounds of answers between the two with nobody else writing (wake.budget.exchangeRounds)');
  });

  it('fails open: a budget file that cannot be written never costs a wake', async () => {
    team = await startTeam(['aria', 'hkh']);
    await mkdir(join(team.dirs.aria!, '.git', 'ois', 'wake-budget.json', 'blocked'), { recursive: true });
    const wakes = await team.wakes('aria');
    await team.say('aria', '@hkh still there?');
    await wakes.afterCycle(await team.cycle('aria'));
    await wakes.drain(5_000);
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
    expect(team.events.aria!.find((e) => e.event === 'wake-budget')?.message).toMatch(/could not be read or saved .*; wakes are sent meanwhile/);
  });

  it('enabled: false sends every wake', async () => {
    team = await startTeam(['aria', 'hkh']);
    await setBudget(team, { enabled: false, pairWakes: 1 });
    const wakes = await team.wakes('aria');
    for (const n of [1, 2, 3]) {
      await team.say('aria', `@hkh ${n}`);
      await wakes.afterCycle(await team.cycle('aria'));
    }
    await wakes.drain(5_000);
    expect(team.gateways.hkh!.deliveries).toHaveLength(3);
  });
});
