import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { runOis, startOis, type OisProcess } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/**
 * `ois say` through a running watcher asks for the push-first cycle (src/app/sync/once.ts): when the
 * remote moved meanwhile, the push is rejected and the watcher fetches, replays and pushes again; the
 * entry still reaches the remote, after the other one, and `ois say` reports it synced.
 */
let box: Sandbox;
const running: OisProcess[] = [];
beforeEach(async () => {
  // Polls far apart: the watcher does not learn of the other push before `ois say` asks it to push.
  box = await teamSandbox('say-team', { pollIntervalMs: 60_000, debounceMs: 30 });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await box.cleanup();
});

describe('ois say with the watcher running, the remote having moved', () => {
  it('pushes, is rejected, brings the other entry in, and pushes again', async () => {
    const aria = await joinAs(box, 'aria');
    const bob = await joinAs(box, 'bob');
    const watcher = startOis(['watch'], aria, box.env);
    running.push(watcher);
    await watcher.waitFor(/watching/);
    expect((await runOis(['say', 'from bob first'], bob, box.env)).code).toBe(0);
    const said = await runOis(['say', '--json', 'then aria'], aria, box.env);
    expect(said.code).toBe(0);
    const result = JSON.parse(said.stdout) as { file: string; synced: boolean; via: string };
    expect(result).toMatchObject({ synced: true, via: 'watcher' });
    const remote = await git(box.bare, ['show', `main:${result.file}`], box.env);
    expect(parseChatLog(remote).entries.map((e) => e.body)).toEqual(['from bob first', 'then aria']);
    expect(await watcher.stop('SIGTERM')).toBe(0);
  });
});
