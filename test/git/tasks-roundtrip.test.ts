import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { Task } from '../../src/core/tasks/board.js';
import { fakeIO } from '../helpers/fake-io.js';
import { startTeam, type Team } from '../wake/team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

async function ois(id: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const fake = fakeIO(team!.dirs[id]!, team!.env(id));
  const code = await runCli(argv, fake.io);
  return { code, out: fake.stdout(), err: fake.stderr() };
}

async function board(id: string): Promise<Task[]> {
  const { code, out } = await ois(id, ['tasks', '--json']);
  expect(code).toBe(0);
  return JSON.parse(out) as Task[];
}

describe('delegating work (real git, fake Gateways on 127.0.0.1)', () => {
  it('A requests, B is woken with it, B marks it done, A is woken with the result; both boards show it done', async () => {
    team = await startTeam(['aria', 'hkh']);
    const ariaWakes = await team.wakes('aria');
    const hkhWakes = await team.wakes('hkh');

    // Clear errors before anything is written.
    expect((await ois('aria', ['task', 'request', '--to', 'hkh', '--priority', 'asap', '--no-sync', 'x'])).code).toBe(2);
    expect((await ois('aria', ['task', 'request', '--to', 'nobody', '--no-sync', 'x'])).code).toBe(2);
    expect((await ois('hkh', ['task', 'done', 'req-unknown', '--status', 'success', '--no-sync'])).code).toBe(1);

    const asked = await ois('aria', ['task', 'request', '--to', 'hkh', '--type', 'render', '--priority', 'high', '--deadline', '2h', '--data', 'shared/batch-001/', '--no-sync', '--json', 'Render batch-001']);
    expect(asked.code).toBe(0);
    const { requestId } = JSON.parse(asked.out) as { requestId: string };
    expect(requestId).toMatch(/^req-\d{8}-[0-9a-z]{8}$/);
    await ariaWakes.afterCycle(await team.cycle('aria'));
    await ariaWakes.drain(10_000);
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
    expect(team.gateways.hkh!.deliveries[0]?.message).toContain('> **Task Request** [PENDING] @hkh');
    expect(team.gateways.hkh!.deliveries[0]?.message).toContain(`> - RequestID: ${requestId}`);

    await team.cycle('hkh'); // pulls the request
    expect((await board('hkh')).map((t) => [t.requestId, t.from, t.to, t.state, t.priority])).toEqual([[requestId, 'aria', 'hkh', 'open', 'high']]);
    expect((await ois('hkh', ['tasks', '--open', '--mine'])).out).toContain(`${requestId}  open`);

    const done = await ois('hkh', ['task', 'done', requestId, '--status', 'success', '--output', 'shared/results/batch-001.csv', '--no-sync', 'all', 'rendered']);
    expect(done.code).toBe(0);
    await hkhWakes.afterCycle(await team.cycle('hkh'));
    await hkhWakes.drain(10_000);
    expect(team.gateways.aria!.deliveries).toHaveLength(1);
    expect(team.gateways.aria!.deliveries[0]?.message).toContain('> **Task Complete** @aria');
    expect(team.gateways.aria!.deliveries[0]?.message).toContain('> - Summary: all rendered');

    await team.cycle('aria'); // pulls the answer
    for (const id of ['aria', 'hkh']) {
      const [task] = await board(id);
      expect(task).toMatchObject({ requestId, state: 'done', output: 'shared/results/batch-001.csv', summary: 'all rendered' });
      expect(task?.duration).toEqual(expect.any(Number));
      expect(task?.reportedDuration).toMatch(/^\d+[smhd]/);
    }
    expect((await ois('aria', ['tasks', '--open'])).out).toBe('No tasks.\n');
    expect(team.gateways.hkh!.deliveries).toHaveLength(1);
  });

  it('B cannot do it: ois task failed writes a Task Failed (Reason, Partial output, Suggestion), wakes A, and both boards show it failed', async () => {
    team = await startTeam(['aria', 'hkh']);
    const hkhWakes = await team.wakes('hkh');
    const asked = await ois('aria', ['task', 'request', '--to', 'hkh', '--json', 'Render batch-002']);
    const { requestId } = JSON.parse(asked.out) as { requestId: string };
    await team.cycle('hkh');
    expect((await ois('hkh', ['task', 'failed', 'req-unknown', 'no GPU', '--no-sync'])).code).toBe(1);
    expect((await ois('hkh', ['task', 'failed', requestId, '--no-sync'])).code).toBe(2); // empty reason (stdin is empty)
    const failed = await ois('hkh', ['task', 'failed', requestId.toUpperCase(), '--partial', 'shared/results/batch-002/ (1,200 of 4,000)', '--suggestion', 'split it in four', '--no-sync', 'the GPU ran out of memory']);
    expect(failed.code).toBe(0);
    expect(failed.out).toContain(`wrote task failed for ${requestId}`);
    await hkhWakes.afterCycle(await team.cycle('hkh'));
    await hkhWakes.drain(10_000);
    const wake = team.gateways.aria!.deliveries.at(-1)?.message ?? '';
    expect(wake).toContain('> **Task Failed** @aria');
    expect(wake).toContain(`> - RequestID: ${requestId}`);
    expect(wake).toContain('> - Reason: the GPU ran out of memory');
    expect(wake).toContain('> - Partial output: shared/results/batch-002/ (1,200 of 4,000)');
    expect(wake).toContain('> - Suggestion: split it in four');
    await team.cycle('aria');
    for (const id of ['aria', 'hkh']) {
      const [task] = await board(id);
      expect(task).toMatchObject({ requestId, state: 'failed', reason: 'the GPU ran out of memory', output: 'shared/results/batch-002/ (1,200 of 4,000)', suggestion: 'split it in four' });
      expect(task?.completedAt).toEqual(expect.any(String));
    }
    expect((await ois('aria', ['tasks'])).out).toContain(`${requestId}  failed`);
    expect((await ois('aria', ['lint'])).code).toBe(0);
  });

  it('ois status-update and ois alert write their entries as this agent; an error alert mentions @all; bad words are USAGE', async () => {
    team = await startTeam(['aria', 'hkh']);
    expect((await ois('hkh', ['status-update', '--status', 'asleep', '--no-sync'])).code).toBe(2);
    expect((await ois('hkh', ['alert', '--level', 'loud', '--no-sync', 'x'])).code).toBe(2);
    const status = await ois('hkh', ['status-update', '--status', 'busy', '--task', 'req-20261123-abcdefgh', '--no-sync', '--json']);
    expect(status.code).toBe(0);
    const alert = await ois('hkh', ['alert', '--level', 'error', '--action', 'free space', '--no-sync', '--json', 'Disk', 'full']);
    expect(alert.code).toBe(0);
    const { file } = JSON.parse(alert.out) as { file: string };
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const text = await readFile(join(team.dirs.hkh!, file), 'utf8');
    expect(text).toContain('- Agent: hkh');
    expect(text).toContain('- Status: busy');
    expect(text).toContain('- CurrentTask: req-20261123-abcdefgh');
    expect(text).toContain('**Alert** [ACTION REQUIRED] @all');
    expect(text).toContain('- Source: hkh');
    expect(text).toContain('- Message: Disk full');
  });
});
