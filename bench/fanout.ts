import { systemPorts } from '../src/wiring/ports.js';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startStandinGateway, type StandinGateway } from '../src/demo/standin-gateway.js';
import { tokenVariable } from '../src/demo/team.js';
import { initTeam } from '../src/app/setup/init.js';
import { joinTeam } from '../src/app/setup/join.js';
import { cliEntry } from '../src/app/setup/package-paths.js';
import { formatDayTitle, formatEntry } from '../src/core/chatlog/format.js';
import { stats, type Section } from './lib.js';

const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PEERS = Number(process.env.OIS_BENCH_FANOUT_PEERS ?? 16);
const ROUNDS = Number(process.env.OIS_BENCH_FANOUT_ROUNDS ?? 10);

/** One `@all` entry from aria wakes 16 peers, each with its own Gateway stand-in on 127.0.0.1. */
export async function fanoutBench(): Promise<Section> {
  const root = await mkdtemp(join(tmpdir(), 'ois-bench-fanout-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), HOME: root, OIS_CONFIG_DIR: join(root, 'config') };
  const arrivals = new Map<string, number[]>();
  const gateways: StandinGateway[] = [];
  try {
    const bare = join(root, 'origin.git');
    await exec('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    const seed = join(root, 'seed');
    await initTeam({ dir: seed, team: 'fanout', remote: bare, identity: { id: 'seed', name: 'Seed' } }, systemPorts({ env }));
    let sections = '\n## ARIA\n\n- Id: aria\n- Gateway: http://127.0.0.1:9\n- Token: env:OIS_TOKEN_ARIA\n';
    for (let i = 1; i <= PEERS; i += 1) {
      const id = `peer${i}`;
      const token = randomBytes(24).toString('hex');
      env[tokenVariable(id)] = token;
      const gw = await startStandinGateway(token, (wake) => {
        const marker = /fan-out (\d+)/.exec(wake.message)?.[1];
        if (marker !== undefined) arrivals.set(marker, [...(arrivals.get(marker) ?? []), wake.at]);
      });
      gateways.push(gw);
      sections += `\n## Peer ${i}\n\n- Id: ${id}\n- Gateway: ${gw.url}\n- Token: env:${tokenVariable(id)}\n`;
    }
    await writeFile(join(seed, 'AGENTS.md'), `${await readFile(join(seed, 'AGENTS.md'), 'utf8')}${sections}`);
    // The wake budget off: ten @all rounds in a few seconds are what this measures, not what it holds.
    const config = JSON.parse(await readFile(join(seed, 'ois.config.json'), 'utf8')) as { wake: Record<string, unknown> };
    config.wake = { ...config.wake, budget: { enabled: false } };
    await writeFile(join(seed, 'ois.config.json'), `${JSON.stringify(config, null, 2)}\n`);
    const gitEnv = { ...env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
    await exec('git', ['commit', '-q', '--no-verify', '-am', 'peers'], { cwd: seed, env: gitEnv });
    await exec('git', ['push', '-q', 'origin', 'main'], { cwd: seed, env: gitEnv });
    const { top } = await joinTeam({ remote: bare, dir: join(root, 'aria'), identity: { id: 'aria', name: 'ARIA' }, cwd: root }, systemPorts({ env }));
    const watcher = spawn(process.execPath, [cliEntry(), 'watch'], { cwd: top, env, stdio: 'ignore' });
    const first: number[] = [];
    const last: number[] = [];
    try {
      await sleep(3_000);
      const day = new Date().toISOString().slice(0, 10);
      const file = join(top, 'chat', `${day}.md`);
      await appendFile(file, formatDayTitle(day));
      await sleep(1_500);
      for (let round = 0; round < ROUNDS; round += 1) {
        const t0 = Date.now();
        await appendFile(file, `${formatEntry({ id: `fan${String(round).padStart(13, '0')}`, at: new Date().toISOString(), author: 'aria', name: 'ARIA', body: `@all fan-out ${round}` })}\n`);
        const deadline = t0 + 20_000;
        while ((arrivals.get(String(round))?.length ?? 0) < PEERS && Date.now() < deadline) await sleep(5);
        const times = arrivals.get(String(round)) ?? [];
        if (times.length === PEERS) {
          first.push(Math.min(...times) - t0);
          last.push(Math.max(...times) - t0);
        }
        await sleep(300);
      }
    } finally {
      watcher.kill('SIGTERM');
      await new Promise((r) => watcher.once('exit', r));
    }
    const a = stats(first);
    const b = stats(last);
    return {
      name: 'fanout',
      title: `Fan-out: one \`@all\` entry to ${PEERS} peers (ms)`,
      data: { peers: PEERS, rounds: ROUNDS, complete: b.n, firstWake: a, lastWake: b },
      markdown: [
        `An agent appends one \`@all\` entry; \`ois watch\` commits, pushes and wakes ${PEERS} peers, each with its own Gateway stand-in on 127.0.0.1 (calls run concurrently on a shared undici pool; the wake budget is off, as every wake is measured). ${b.n} of ${ROUNDS} rounds reached every peer.`,
        '',
        '| from the write to | p50 | p95 | max |',
        '|---|---|---|---|',
        `| the first peer woken | ${a.p50} | ${a.p95} | ${a.max} |`,
        `| the last of the ${PEERS} peers woken | ${b.p50} | ${b.p95} | ${b.max} |`,
      ],
    };
  } finally {
    await Promise.all(gateways.map((g) => g.close()));
    await rm(root, { recursive: true, force: true });
  }
}
