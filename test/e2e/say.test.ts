import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { runOis, startOis, type OisProcess } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
const running: OisProcess[] = [];
beforeEach(async () => {
  box = await teamSandbox('say-team', { pollIntervalMs: 300, debounceMs: 30 });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await box.cleanup();
});

describe('ois say (the built CLI as a process)', () => {
  it('writes and syncs by itself, and through the watcher when `ois watch` runs', async () => {
    const aria = await joinAs(box, 'aria');
    const alone = await runOis(['say', '--json', 'no watcher yet'], aria, box.env);
    expect(alone.code).toBe(0);
    expect(JSON.parse(alone.stdout)).toMatchObject({ synced: true, via: 'here', committed: true, error: null });

    const watcher = startOis(['watch'], aria, box.env);
    running.push(watcher);
    await watcher.waitFor(/watching/);
    const run = await runOis(['say', '--json', 'hello @all 👋'], aria, box.env);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { file: string; id: string; via: string; synced: boolean };
    expect(result).toMatchObject({ synced: true, via: 'watcher' });
    const remote = await git(box.bare, ['show', `main:${result.file}`], box.env);
    expect(parseChatLog(remote).entries.map((e) => e.body)).toEqual(['no watcher yet', 'hello @all 👋']);
    expect(await watcher.stop('SIGTERM')).toBe(0);
  });
});
