import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatEntry } from '../../src/core/chatlog/format.js';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { eventually, startOis, type OisProcess } from '../../harness/cli-process.js';
import { git, joinAs, startGitDaemon, teamSandbox, type GitDaemon, type Sandbox } from '../../harness/git-repos.js';
import { recordFigure } from '../helpers/report.js';

// Size knob: how long the remote stays down (ms) and how many entries each agent writes meanwhile.
const DOWN_MS = Number(process.env.OIS_REMOTE_DOWN_MS ?? 3_000);
const WRITES = Number(process.env.OIS_REMOTE_DOWN_WRITES ?? 6);

let box: Sandbox;
let daemon: GitDaemon;
const procs: OisProcess[] = [];
beforeEach(async () => {
  box = await teamSandbox('down', { pollIntervalMs: 300, debounceMs: 20 });
  daemon = await startGitDaemon(box.root, box.env);
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.stop('SIGKILL')));
  await daemon.stop();
  await box.cleanup();
});

describe('the remote (git daemon) stopped for a while, then back', () => {
  it('everything written meanwhile arrives, once', async () => {
    const url = daemon.url('origin.git');
    const clones = { aria: await joinAs(box, 'aria', url), hkh: await joinAs(box, 'hkh', url) };
    for (const dir of Object.values(clones)) procs.push(startOis(['watch'], dir, box.env));
    await Promise.all(procs.map((p) => p.waitFor(/watching/)));
    await daemon.stop();
    const written: string[] = [];
    for (let i = 0; i < WRITES * 2; i += 1) {
      const id = i % 2 === 0 ? 'aria' : 'hkh';
      const entryId = `down${String(i).padStart(12, '0')}`;
      const at = new Date(Date.UTC(2026, 10, 25, 9, 0, i)).toISOString();
      await appendFile(join(clones[id], 'chat', '2026-11-25.md'), `${formatEntry({ id: entryId, at, author: id, name: id, body: `written while the remote is down ${i}` })}\n`);
      written.push(entryId);
      await new Promise((r) => setTimeout(r, DOWN_MS / (WRITES * 2)));
    }
    await procs[0]?.waitFor(/sync failed: cannot (push to|fetch from) the remote/, 30_000);
    const t0 = Date.now();
    await daemon.start();
    await eventually(async () => {
      const heads = await Promise.all([clones.aria, clones.hkh, box.bare].map((d) => git(d, ['rev-parse', 'main'], box.env)));
      if (new Set(heads).size !== 1) return false;
      const ids = parseChatLog(await readFile(join(clones.hkh, 'chat', '2026-11-25.md'), 'utf8').catch(() => '')).entries.map((e) => e.id);
      return written.every((w) => ids.includes(w));
    }, 90_000, 'every entry on both clones');
    for (const dir of Object.values(clones)) {
      const ids = parseChatLog(await readFile(join(dir, 'chat', '2026-11-25.md'), 'utf8')).entries.map((e) => e.id ?? '');
      expect(ids.filter((id) => written.includes(id)).sort()).toEqual([...written].sort());
    }
    await recordFigure('remote-down', { downMs: DOWN_MS, written: written.length, arrived: written.length, lost: 0, duplicated: 0, secondsToCatchUp: (Date.now() - t0) / 1000 });
  }, 180_000);
});
