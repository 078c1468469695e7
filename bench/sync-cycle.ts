import { testPorts } from '../harness/ports.js';
import { systemPorts } from '../src/wiring/ports.js';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openRepo } from '../src/app/clone/repo.js';
import { runCycle } from '../src/app/sync/cycle.js';
import { systemCycleDeps } from '../src/wiring/cycle-deps.js';
import { initTeam } from '../src/app/setup/init.js';
import { joinTeam } from '../src/app/setup/join.js';
import { formatEntry, formatDayTitle } from '../src/core/chatlog/format.js';
import { stats, time, type Section } from './lib.js';

const exec = promisify(execFile);
const RUNS = Number(process.env.OIS_BENCH_RUNS ?? 20);

/** A team repo with `entries` chat entries over day files and `files` shared files, pushed to a bare remote. */
export async function buildRepo(root: string, env: Record<string, string>, entries: number, files: number): Promise<string> {
  const bare = join(root, 'origin.git');
  await exec('git', ['init', '-q', '--bare', '-b', 'main', bare], { env });
  const seed = join(root, 'seed');
  await initTeam({ dir: seed, team: 'bench', remote: bare, identity: { id: 'seed', name: 'Seed' } }, systemPorts({ env }));
  const perDay = 300;
  const days = Math.ceil(entries / perDay);
  for (let d = 0; d < days; d += 1) {
    const date = new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    let text = formatDayTitle(date);
    for (let i = 0; i < Math.min(perDay, entries - d * perDay); i += 1) {
      const at = new Date(Date.parse(`${date}T00:00:00Z`) + i * 60_000).toISOString();
      text += `${formatEntry({ id: `e${d}x${i}`.padEnd(16, '0'), at, author: 'seed', name: 'Seed', body: `Entry ${i} of day ${date}: a line of chat that is about as long as a real one.` })}\n`;
    }
    await writeFile(join(seed, 'chat', `${date}.md`), text);
  }
  for (let f = 0; f < files; f += 1) {
    const dir = join(seed, 'shared', `d${Math.floor(f / 100)}`);
    if (f % 100 === 0) await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `f${f}.txt`), `shared file ${f}\n`);
  }
  const gitEnv = { ...env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
  await exec('git', ['add', '-A'], { cwd: seed, env: gitEnv, maxBuffer: 1 << 26 });
  await exec('git', ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'bench data'], { cwd: seed, env: gitEnv, maxBuffer: 1 << 26 });
  await exec('git', ['push', '-q', 'origin', 'main'], { cwd: seed, env: gitEnv, maxBuffer: 1 << 26 });
  const { top } = await joinTeam({ remote: bare, dir: join(root, 'aria'), identity: { id: 'aria', name: 'ARIA' }, cwd: root }, systemPorts({ env }));
  return top;
}

async function measure(label: string, entries: number, files: number): Promise<Record<string, unknown>> {
  const root = await mkdtemp(join(tmpdir(), 'ois-bench-'));
  try {
    const env = { ...(process.env as Record<string, string>), HOME: root };
    const top = await buildRepo(root, env, entries, files);
    const repo = await openRepo(top, testPorts(env));
    const deps = systemCycleDeps();
    await runCycle(repo, repo.identity!, deps); // warm-up
    const idle: number[] = [];
    const oneFile: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      idle.push((await time(() => runCycle(repo, repo.identity!, deps)))[0]);
      await writeFile(join(top, 'shared', `new-${i}.txt`), `new ${i}\n`);
      oneFile.push((await time(() => runCycle(repo, repo.identity!, deps, { pushFirst: true })))[0]);
    }
    const cli: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 10); i += 1) {
      cli.push((await time(() => exec(process.execPath, [join(import.meta.dirname, '..', '..', 'dist', 'cli', 'bin.js'), 'sync'], { cwd: top, env })))[0]);
    }
    return { label, entries, files, idle: stats(idle), oneFile: stats(oneFile), cliIdle: stats(cli) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export async function syncCycleBench(): Promise<Section> {
  const big = { entries: Number(process.env.OIS_BENCH_ENTRIES ?? 100_000), files: Number(process.env.OIS_BENCH_FILES ?? 10_000) };
  const rows = [await measure('small (a fresh team)', 0, 0), await measure(`large (${big.entries} entries, ${big.files} shared files)`, big.entries, big.files)];
  const fmt = (s: unknown): string => {
    const x = s as { p50: number; p95: number; max: number };
    return `${x.p50} / ${x.p95} / ${x.max}`;
  };
  return {
    name: 'sync-cycle',
    title: 'One sync cycle (ms, p50 / p95 / max)',
    data: { runs: RUNS, rows },
    markdown: [
      `${RUNS} runs each, against a local bare remote (file://). "cycle" is one cycle inside \`ois watch\`; "ois sync" is the whole CLI process, Node start-up included. Target: nothing to do on the large repo ≤ 150 ms.`,
      '',
      '| repository | cycle, nothing to do | cycle, one new file (commit + push) | `ois sync` process, nothing to do |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${String(r.label)} | ${fmt(r.idle)} | ${fmt(r.oneFile)} | ${fmt(r.cliIdle)} |`),
    ],
  };
}
