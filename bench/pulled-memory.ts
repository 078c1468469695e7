import { systemPorts } from '../src/wiring/ports.js';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { initTeam } from '../src/app/setup/init.js';
import type { Section } from './lib.js';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'bin.js');
const RUNS = Number(process.env.OIS_BENCH_MEMORY_RUNS ?? 3);

/** Writes the process's peak resident memory (KiB, from the kernel) to OIS_BENCH_RSS_FILE when it exits. */
const PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => { if (process.env.OIS_BENCH_RSS_FILE) writeFileSync(process.env.OIS_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });
`;

interface Run {
  rssMiB: number;
  ms: number;
  code: number | null;
}

async function ois(args: string[], cwd: string, env: Record<string, string>, preload: string, rssFile: string): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', preload, CLI, ...args], { cwd, env: { ...env, OIS_BENCH_RSS_FILE: rssFile }, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const kib = Number(await readFile(rssFile, 'utf8').catch(() => '0'));
  return { rssMiB: Math.round((kib / 1024) * 10) / 10, ms: Math.round(performance.now() - started), code };
}

function agents(count: number): string {
  return Array.from({ length: count }, (_, i) => `## Agent ${i}\n\n- Id: agent-${i}\n- Gateway: http://127.0.0.1:${20_000 + i}\n- Token: env:OIS_TOKEN_AGENT_${i}\n`).join('\n');
}

/**
 * What a member's push of a huge AGENTS.md costs the others: peak resident memory (and time) of
 * `ois sync` pulling it and of `ois say "@agent-1 …"` (which pushes and wakes, reading the registry in
 * force), beside the same commands after an ordinary registry edit, in the same run.
 */
export async function pulledMemoryBench(): Promise<Section> {
  const root = await mkdtemp(join(tmpdir(), 'ois-bench-memory-'));
  const env = { ...(process.env as Record<string, string>), HOME: root, OIS_CONFIG_DIR: join(root, 'config'), GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@x' };
  const preload = join(root, 'rss.mjs');
  const rssFile = join(root, 'rss.txt');
  try {
    await writeFile(preload, PRELOAD);
    const bare = join(root, 'origin.git');
    await exec('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    const seed = join(root, 'seed');
    await initTeam({ dir: seed, team: 'memory', remote: bare }, systemPorts({ env }));
    const head = await readFile(join(seed, 'AGENTS.md'), 'utf8');
    await writeFile(join(seed, 'AGENTS.md'), `${head}\n${agents(5)}`);
    await exec('git', ['commit', '-q', '--no-verify', '-am', 'agents'], { cwd: seed, env });
    await exec('git', ['push', '-q', 'origin', 'main'], { cwd: seed, env });
    const a = join(root, 'a');
    await exec(process.execPath, [CLI, 'join', bare, a, '--id', 'agent-0', '--name', 'Agent 0'], { cwd: root, env });
    const pushed = async (text: string, message: string): Promise<void> => {
      await exec('git', ['pull', '-q', '--no-rebase', 'origin', 'main'], { cwd: seed, env });
      await writeFile(join(seed, 'AGENTS.md'), text);
      await exec('git', ['commit', '-q', '--no-verify', '-am', message], { cwd: seed, env });
      await exec('git', ['push', '-q', '--no-verify', 'origin', 'main'], { cwd: seed, env });
    };
    const measure = async (label: string, text: () => string): Promise<{ label: string; bytes: number; sync: Run[]; say: Run[] }> => {
      const sync: Run[] = [];
      const say: Run[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const body = text().replace('Status: x', `Status: run ${i}`);
        await pushed(body, `${label} ${i}`);
        sync.push(await ois(['sync'], a, env, preload, rssFile));
        say.push(await ois(['say', `@agent-1 run ${i}`], a, env, preload, rssFile));
      }
      return { label, bytes: Buffer.byteLength(text()), sync, say };
    };
    const normal = () => `${head}\n${agents(6)}\n- Status: x\n`;
    const huge = () => `${head}\n${agents(6)}\n- Status: x\n\n${'Notes about the team. '.repeat(250_000)}\n`;
    const results = [await measure('an ordinary AGENTS.md edit', normal), await measure('a 5 MB AGENTS.md', huge)];
    const peak = (runs: Run[]) => Math.max(...runs.map((r) => r.rssMiB));
    const median = (runs: Run[]) => [...runs.map((r) => r.ms)].sort((x, y) => x - y)[Math.floor(runs.length / 2)] ?? 0;
    const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(2)} MiB`);
    const rows = results.map((r) => `| ${r.label} (${size(r.bytes)}) | ${peak(r.sync)} | ${median(r.sync)} | ${peak(r.say)} | ${median(r.say)} |`);
    const failed = results.flatMap((r) => [...r.sync, ...r.say]).filter((run) => run.code !== 0).length;
    return {
      name: 'pulled-memory',
      title: 'A member pushes a huge AGENTS.md: memory of the others\u2019 sync',
      data: { runs: RUNS, results, failed },
      markdown: [
        `Another member pushes AGENTS.md with plain git; this clone then runs \`ois sync\` (pulls it) and \`ois say "@agent-1 …"\` (commits, pushes, and reads the registry in force to wake). Peak resident memory (the kernel's maxRSS of the process) and wall time, ${RUNS} runs each, ${failed} non-zero exits. Before the size limit (issue 12), the same 5 MB file made \`ois sync\` use 1.46 GB, and \`ois say\` 2.7 GB and six minutes on this machine: the Markdown parser's cost grows faster than the text. Now a registry over 256 KiB is refused unread and the last one that passed lint stays in force.`,
        '',
        '| pushed | `ois sync` peak MiB | `ois sync` median ms | `ois say` peak MiB | `ois say` median ms |',
        '|---|---|---|---|---|',
        ...rows,
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
