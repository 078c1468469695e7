import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDemoTeam } from '../src/demo/team.js';
import { cliEntry } from '../src/app/setup/package-paths.js';
import { formatEntry, formatDayTitle } from '../src/core/chatlog/format.js';
import { stats, type Section } from './lib.js';

const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WRITES = Number(process.env.OIS_BENCH_WAKES ?? 50);
/** The plain-git baseline: an auto-commit-and-push loop on the writer, a pull loop on the reader. */
const BASELINE_PUSH_EVERY_MS = 1_000;
const BASELINE_PULL_EVERY_MS = 5_000;
const BASELINE_WRITES = Number(process.env.OIS_BENCH_BASELINE_WRITES ?? 12);

function entry(i: number, author: string, body: string): string {
  return `${formatEntry({ id: `bench${String(i).padStart(11, '0')}`, at: new Date().toISOString(), author, name: author.toUpperCase(), body })}\n`;
}

const sayLatencies: number[] = [];
/** Node's own start-up in the same run (`node -e 0`): the floor of any CLI process, `ois say` included. */
const nodeStarts: number[] = [];

async function oisLatencies(root: string): Promise<number[]> {
  const seen: { last?: { at: number; message: string } } = {};
  // The wake budget off: this measures the path of every one of 50 quick wakes of one peer.
  const { agents } = await buildDemoTeam(
    root,
    process.env,
    (_agent, wake) => {
      seen.last = { at: wake.at, message: wake.message };
    },
    { wakeBudget: false },
  );
  const aria = agents[0];
  if (!aria) throw new Error('no agent');
  const watcher: ChildProcess = spawn(process.execPath, [cliEntry(), 'watch'], { cwd: aria.dir, env: aria.env, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await new Promise<void>((resolve) => {
      watcher.stdout?.on('data', (c: Buffer) => {
        if (c.toString().includes('watching')) resolve();
      });
      setTimeout(resolve, 15_000).unref();
    });
    const day = new Date().toISOString().slice(0, 10);
    const file = join(aria.dir, 'chat', `${day}.md`);
    await appendFile(file, formatDayTitle(day));
    await sleep(1_500);
    /** Runs `write(marker)` `count` times; the ms from each write to the wake carrying its marker. */
    const measure = async (count: number, label: string, write: (marker: string, i: number) => Promise<unknown>): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < count; i += 1) {
        delete seen.last;
        const marker = `${label} ${i} ${Math.random().toString(36).slice(2)}`;
        const t0 = Date.now();
        await write(marker, i);
        const deadline = t0 + 15_000;
        const arrived = (): { at: number } | undefined => (seen.last?.message.includes(marker) ? seen.last : undefined);
        while (!arrived() && Date.now() < deadline) await sleep(2);
        const got = arrived();
        if (got) out.push(got.at - t0);
        await sleep(150);
      }
      return out;
    };
    const samples = await measure(WRITES, 'ping', (marker, i) => appendFile(file, entry(i, 'aria', `@hkh ${marker}`)));
    const viaSay = await measure(Math.min(WRITES, 20), 'say', (marker) => exec(process.execPath, [cliEntry(), 'say', `@hkh ${marker}`], { cwd: aria.dir, env: aria.env }));
    sayLatencies.push(...viaSay);
    for (let i = 0; i < Math.min(WRITES, 20); i += 1) {
      const t0 = Date.now();
      await exec(process.execPath, ['-e', '0']);
      nodeStarts.push(Date.now() - t0);
      await sleep(50);
    }
    return samples;
  } finally {
    watcher.kill('SIGTERM');
    await new Promise((r) => watcher.once('exit', r));
    await Promise.all(agents.map((a) => a.gateway.close()));
  }
}

async function baselineLatencies(root: string): Promise<number[]> {
  const env = { ...(process.env as Record<string, string>), GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
  const bare = join(root, 'plain.git');
  await exec('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  const writer = join(root, 'writer');
  const reader = join(root, 'reader');
  await exec('git', ['clone', '-q', bare, writer], { env });
  await mkdir(join(writer, 'chat'), { recursive: true });
  const file = join(writer, 'chat', 'day.md');
  await appendFile(file, '# day\n');
  await exec('git', ['add', '-A'], { cwd: writer, env });
  await exec('git', ['commit', '-qm', 'init'], { cwd: writer, env });
  await exec('git', ['push', '-q', 'origin', 'HEAD:main'], { cwd: writer, env });
  await exec('git', ['clone', '-q', bare, reader], { env });
  let running = true;
  // What teams run without ois: `while true; do git add -A && git commit -m auto && git push; sleep 1; done`
  const pushLoop = (async () => {
    while (running) {
      await exec('git', ['add', '-A'], { cwd: writer, env });
      await exec('git', ['commit', '-qm', 'auto'], { cwd: writer, env }).catch(() => undefined);
      await exec('git', ['push', '-q', 'origin', 'HEAD:main'], { cwd: writer, env }).catch(() => undefined);
      await sleep(BASELINE_PUSH_EVERY_MS);
    }
  })();
  // … and on the reader: `while true; do git pull; sleep 5; done`, the agent reading new entries after each pull.
  const seen = new Map<string, number>();
  const pullLoop = (async () => {
    while (running) {
      await exec('git', ['pull', '-q', '--ff-only'], { cwd: reader, env }).catch(() => undefined);
      const text = await readFile(join(reader, 'chat', 'day.md'), 'utf8').catch(() => '');
      for (const m of text.matchAll(/marker-(\w+)/g)) if (!seen.has(m[1] ?? '')) seen.set(m[1] ?? '', Date.now());
      await sleep(BASELINE_PULL_EVERY_MS);
    }
  })();
  const samples: number[] = [];
  try {
    for (let i = 0; i < BASELINE_WRITES; i += 1) {
      const marker = `m${i}x${Math.random().toString(36).slice(2, 8)}`;
      const t0 = Date.now();
      await appendFile(file, entry(i, 'writer', `@reader marker-${marker}`));
      const deadline = t0 + 30_000;
      while (!seen.has(marker) && Date.now() < deadline) await sleep(20);
      const at = seen.get(marker);
      if (at !== undefined) samples.push(at - t0);
      await sleep(Math.floor(Math.random() * 1_000));
    }
  } finally {
    running = false;
    await Promise.all([pushLoop, pullLoop]);
  }
  return samples;
}

export async function wakeBench(): Promise<Section> {
  const root = await mkdtemp(join(tmpdir(), 'ois-bench-wake-'));
  try {
    const ois = stats(await oisLatencies(join(root, 'ois')));
    const say = stats(sayLatencies);
    const node = stats(nodeStarts);
    const plain = stats(await baselineLatencies(root));
    const ratio = Math.round((plain.p50 / ois.p50) * 10) / 10;
    return {
      name: 'wake',
      title: 'Write → the peer is told (ms)',
      data: { writes: WRITES, ois, oisSay: say, nodeStart: node, baseline: { ...plain, pushEveryMs: BASELINE_PUSH_EVERY_MS, pullEveryMs: BASELINE_PULL_EVERY_MS }, ratioP50: ratio },
      markdown: [
        `ois: an agent appends an entry mentioning a peer to its chat file; \`ois watch\` commits, pushes to a local bare remote and wakes the peer's Gateway (a stand-in on 127.0.0.1); measured until the Gateway receives \`sessions_send\` (the wake budget off: it would hold most of these quick wakes of one peer). ${ois.n} of ${WRITES} writes. Targets: p50 ≤ 250 ms, p95 ≤ 750 ms.`,
        '',
        `Plain-git baseline, same run: the writer runs an auto-commit-and-push loop (every ${BASELINE_PUSH_EVERY_MS / 1000} s), the reader a pull loop (every ${BASELINE_PULL_EVERY_MS / 1000} s); measured until the entry is in the reader's clone. ${plain.n} writes.`,
        '',
        '| | p50 | p95 | max |',
        '|---|---|---|---|',
        `| ois (write → wake) | ${ois.p50} | ${ois.p95} | ${ois.max} |`,
        `| \`ois say\` on A (the whole CLI process, the watcher running) → wake at B | ${say.p50} | ${say.p95} | ${say.max} |`,
        `| plain git loops (write → pulled) | ${plain.p50} | ${plain.p95} | ${plain.max} |`,
        `| Node start-up alone (\`node -e 0\`), for reference | ${node.p50} | ${node.p95} | ${node.max} |`,
        '',
        "`ois say` → wake is write → wake plus one short CLI process, timed from before it is spawned: Node's start-up " +
          '(the last row), loading the `say` command (about 90 modules: commander, simple-git and ois\'s own; neither the config ' +
          'validator, zod, nor the Markdown parser: a validated config is cached in `.git/ois/config-cache.json`, and ' +
          '`test/e2e/startup.test.ts` checks what `ois say` loads), opening the clone (two git processes), the append under the ' +
          "chat lock and the handshake on the watcher's socket; the watcher then runs the cycle a local change gets (push first, " +
          'fetching only when rejected). A figure timed from inside a running process leaves out the start-up. Until issue 17 fixed it, this ' +
          'row also carried loading zod on every `ois say` (~120 ms of CPU here: a constant imported from the schema module, and ' +
          'later a config cache whose paths had gone stale, so it never hit), a full cycle (fetch before push) and the clone opened twice.',
        '',
        `ois is **${ratio}×** faster at the median (target ≥ 10×).`,
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
