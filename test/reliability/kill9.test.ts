import { appendFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatEntry } from '../../src/core/chatlog/format.js';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import { eventually, runOis, startOis, type OisProcess } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';
import { recordFigure } from '../helpers/report.js';

// Size knob: OIS_CHAOS_WRITES entries in all (each write is followed by a cycle, and kills land at
// random moments between and inside them). `npm test` runs a small size; `npm run reliability` 240.
const WRITES = Number(process.env.OIS_CHAOS_WRITES ?? 40);

let box: Sandbox;
const procs = new Map<string, OisProcess>();
beforeEach(async () => {
  box = await teamSandbox('chaos', { pollIntervalMs: 300, debounceMs: 20 });
});
afterEach(async () => {
  await Promise.all([...procs.values()].map((p) => p.stop('SIGKILL')));
  procs.clear();
  await box.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function entriesIn(dir: string): Promise<string[]> {
  const files = (await readdir(join(dir, 'chat'))).filter((f) => f.endsWith('.md'));
  const ids: string[] = [];
  for (const f of files) ids.push(...parseChatLog(await readFile(join(dir, 'chat', f), 'utf8')).entries.map((e) => e.id ?? '?'));
  return ids;
}

describe('kill -9 of ois watch at random moments while two agents write', () => {
  it(`loses nothing over ${WRITES} writes, and every clone recovers`, async () => {
    const clones = { aria: await joinAs(box, 'aria'), hkh: await joinAs(box, 'hkh') };
    const all: OisProcess[] = [];
    const start = (id: keyof typeof clones): void => {
      const proc = startOis(['watch'], clones[id], box.env);
      all.push(proc);
      procs.set(id, proc);
    };
    start('aria');
    start('hkh');
    const written: string[] = [];
    let kills = 0;
    const t0 = Date.now();
    for (let i = 0; i < WRITES; i += 1) {
      const id = i % 2 === 0 ? 'aria' : 'hkh';
      const at = new Date(Date.UTC(2026, 10, 25, 12, 0, 0) + i * 1000).toISOString();
      const entryId = `chaos${String(i).padStart(11, '0')}`;
      await appendFile(join(clones[id], 'chat', '2026-11-25.md'), `${formatEntry({ id: entryId, at, author: id, name: id.toUpperCase(), body: `message ${i}` })}\n`);
      written.push(entryId);
      await sleep(Math.floor(Math.random() * 120));
      if (Math.random() < 0.35) {
        const victim = Math.random() < 0.5 ? 'aria' : 'hkh';
        await procs.get(victim)?.stop('SIGKILL');
        kills += 1;
        start(victim);
      }
    }
    // Everyone back (the last start after a kill heals), then wait for convergence.
    const seconds = async (): Promise<boolean> => {
      const [a, h, remote] = await Promise.all([clones.aria, clones.hkh, box.bare].map((d) => git(d, ['rev-parse', 'main'], box.env)));
      if (a !== h || h !== remote) return false;
      const ids = await entriesIn(clones.aria);
      return written.every((w) => ids.includes(w));
    };
    await eventually(seconds, 120_000, 'both clones and the remote to hold every entry');
    const converged = (Date.now() - t0) / 1000;
    const results: Record<string, { lost: number; duplicated: number }> = {};
    for (const [id, dir] of Object.entries(clones)) {
      const ids = await entriesIn(dir);
      results[id] = { lost: written.filter((w) => !ids.includes(w)).length, duplicated: ids.length - new Set(ids).size };
      expect(results[id]).toEqual({ lost: 0, duplicated: 0 });
      expect((await git(dir, ['status', '--porcelain'], box.env)).trim()).toBe('');
      const status = JSON.parse((await runOis(['status', '--json'], dir, box.env)).stdout);
      expect(status.unpushed.commits).toBe(0);
    }
    // No conflict was shown to anyone, and no conflict marker was written.
    expect(all.map((p) => p.output()).join('\n')).not.toMatch(/conflict/i);
    expect(await readFile(join(clones.aria, 'chat', '2026-11-25.md'), 'utf8')).not.toMatch(/^<<<<<<<|^>>>>>>>/m);
    await recordFigure('kill9', { writes: WRITES, kills, arrived: written.length, lost: 0, duplicated: 0, seconds: converged });
  }, 300_000);
});
