import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { ANSWER_LINE } from '../../src/core/wake/message.js';
import { fakeIO } from '../helpers/fake-io.js';
import { startTeam, type Team } from './team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

async function ois(id: string, argv: string[]): Promise<{ code: number; out: string }> {
  const fake = fakeIO(team!.dirs[id]!, team!.env(id));
  const code = await runCli(argv, fake.io);
  return { code, out: fake.stdout() };
}

describe('what a wake says (real git, fake Gateways): enough to act on', () => {
  it('each entry with its UTC date and time and its author\'s name and id, the RequestID of a task, the shared files, and how to answer', async () => {
    team = await startTeam(['aria', 'hkh', 'bob']);
    const wakes = await team.wakes('aria');
    await mkdir(join(team.dirs.aria!, 'shared', 'batch-001'), { recursive: true });
    await writeFile(join(team.dirs.aria!, 'shared', 'batch-001', 'frames.txt'), '4000 frames\n');
    const asked = await ois('aria', ['task', 'request', '--to', 'hkh', '--priority', 'high', '--no-sync', '--json', 'Render batch-001']);
    const { requestId, at } = JSON.parse(asked.out) as { requestId: string; at: string };
    await wakes.afterCycle(await team.cycle('aria'));
    await wakes.drain(5_000);
    const message = team.gateways.hkh!.deliveries[0]?.message ?? '';
    const stamp = `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
    expect(message).toContain(`> ## ${stamp} - ARIA (@aria)\n> > **Task Request** [PENDING] @hkh`);
    expect(message).toContain(`> (Task Request ${requestId}: answered with \`ois task done ${requestId} …\` or \`ois task failed ${requestId} …\`)`);
    expect(message).toContain(ANSWER_LINE);
    expect(ANSWER_LINE).toContain("ois say '@ID …'");
    // The policy does not wake for shared files (sharedFiles: false), yet the files come with the entry.
    expect(message).toContain('> Changed shared files:\n> - shared/batch-001/frames.txt');
    expect(team.gateways.bob!.received).toHaveLength(0);
  });

  it('a hand-written entry (no exact time) gets the date of its day file; a forged RequestID line is not echoed outside the quote', async () => {
    team = await startTeam(['aria', 'hkh']);
    const wakes = await team.wakes('aria');
    const file = join(team.dirs.aria!, 'chat', '2026-11-24.md');
    await mkdir(join(team.dirs.aria!, 'chat'), { recursive: true });
    await appendFile(file, '# 2026-11-24 Chat Log\n\n## 09:15 - ARIA\n\n**Task Complete** @hkh\n\n- RequestID: req-1 `$(reboot)`\n- Status: success\n\n---\n');
    await wakes.afterCycle(await team.cycle('aria'));
    await wakes.drain(5_000);
    const message = team.gateways.hkh!.deliveries[0]?.message ?? '';
    expect(message).toContain('> ## 2026-11-24 09:15 UTC - ARIA (@aria)');
    expect(message).not.toContain('(Task Complete for');
    expect(message).toContain('> > - RequestID: req-1 `$(reboot)`');
  });

  it('ois send names its sender', async () => {
    team = await startTeam(['aria', 'hkh']);
    expect((await ois('aria', ['send', 'hkh', 'please', 'pull'])).code).toBe(0);
    expect(team.gateways.hkh!.deliveries[0]?.message).toMatch(/^\[ois\] A message from a member of your team[\s\S]*> From: ARIA \(@aria\)\n>\n> > please pull/);
  });

  it('a catch-up wake says the entries are late, and how late', async () => {
    team = await startTeam(['aria', 'hkh']);
    const hkhGw = team.gateways.hkh!;
    const ariaWakes = await team.wakes('aria');
    const hkhWakes = await team.wakes('hkh', { catchUp: {}, now: () => new Date('2026-11-23T10:40:00Z') });
    hkhGw.setFault({ kind: 'reset' });
    await team.say('aria', '@hkh are you there?');
    await ariaWakes.afterCycle(await team.cycle('aria'));
    await ariaWakes.drain(5_000);
    await ariaWakes.housekeeping();
    hkhGw.setFault({ kind: 'none' });
    await hkhWakes.afterCycle(await team.cycle('hkh'));
    await hkhWakes.drain(5_000);
    const message = hkhGw.deliveries[0]?.message ?? '';
    expect(message).toMatch(/These entries are late: written \d+ min ago \(from 2026-11-23 10:\d\d UTC\), while you were offline; your own ois delivers them now\./);
    expect(message).toContain('> > @hkh are you there?');
  });
});
