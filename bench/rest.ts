import { systemPorts } from '../src/wiring/ports.js';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { initTeam } from '../src/app/setup/init.js';
import { joinTeam } from '../src/app/setup/join.js';
import { WATCH_NODE_FLAGS } from '../src/app/service/render.js';
import type { Section } from './lib.js';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'bin.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sample(pid: number): Promise<{ rssMiB: number; cpuTicks: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return { rssMiB: Math.round(rss * 10) / 10, cpuTicks: Number(stat[11] ?? 0) + Number(stat[12] ?? 0) };
}

/** `ois watch` left alone on a quiet clone: resident memory and CPU use (Linux /proc). */
export async function restBench(): Promise<Section> {
  const root = await mkdtemp(join(tmpdir(), 'ois-bench-rest-'));
  const env = { ...(process.env as Record<string, string>), HOME: root };
  const seconds = Number(process.env.OIS_BENCH_REST_SECONDS ?? 30);
  try {
    const bare = join(root, 'origin.git');
    await exec('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    await initTeam({ dir: join(root, 'seed'), team: 'rest', remote: bare, identity: { id: 'seed', name: 'Seed' } }, systemPorts({ env }));
    await exec('git', ['push', '-q', 'origin', 'main'], { cwd: join(root, 'seed'), env });
    const { top } = await joinTeam({ remote: bare, dir: join(root, 'aria'), identity: { id: 'aria', name: 'ARIA' }, cwd: root }, systemPorts({ env }));
    // As `ois service install` runs it (src/app/service/render.ts).
    const child = spawn(process.execPath, [...WATCH_NODE_FLAGS, CLI, 'watch'], { cwd: top, env, stdio: 'ignore' });
    try {
      await sleep(5_000); // start-up and the first cycle
      const start = await sample(child.pid ?? 0);
      const rss: number[] = [start.rssMiB];
      for (let s = 0; s < seconds; s += 5) {
        await sleep(5_000);
        rss.push((await sample(child.pid ?? 0)).rssMiB);
      }
      const end = await sample(child.pid ?? 0);
      const ticksPerSecond = 100;
      const cpuPercent = Math.round(((end.cpuTicks - start.cpuTicks) / ticksPerSecond / (seconds + 5)) * 1000) / 10;
      const maxRss = Math.max(...rss);
      return {
        name: 'rest',
        title: '`ois watch` at rest',
        data: { seconds: seconds + 5, rssMiB: rss, maxRssMiB: maxRss, cpuPercent, pollIntervalMs: 2000 },
        markdown: [
          `One watcher on a quiet clone for ${seconds + 5} s (polling the remote every 2 s, the default), started as \`ois service install\` starts it (node ${WATCH_NODE_FLAGS.join(' ')}). Targets: ≤ 80 MB RSS, ~0% CPU.`,
          '',
          `- resident memory: ${maxRss} MiB at most (samples ${rss.join(', ')})`,
          `- CPU: ${cpuPercent}% of one core on average (the ois process itself; each poll also runs one short \`git ls-remote\`)`,
        ],
      };
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
