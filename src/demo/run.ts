/**
 * `ois demo` lives at the edge (src/demo, beside src/cli), not in src/app: it is a program, not a
 * use-case. It starts `ois` processes and a browser room, runs HTTP stand-ins for the Gateways and
 * real git, and reads the wall clock to show timings; nothing in it is a decision worth testing with
 * stand-ins, and the benchmarks (bench/) reuse its team builder as it is.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WATCH_NODE_FLAGS } from '../app/service/render.js';
import { cliEntry } from '../app/setup/package-paths.js';
import { PACKAGE_NAME } from '../core/package-info.js';
import { shellWord } from '../core/shell-word.js';
import { stopChild } from './child.js';
import { DEMO_HUMAN, startDemoRoom, type DemoRoom } from './room.js';
import { buildDemoTeam, type DemoAgent } from './team.js';

export interface DemoOptions {
  dir?: string;
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  signal: AbortSignal;
  /** How long to wait for each step's wake before going on. */
  stepTimeoutMs?: number;
  /** Keep the team and its room running after the conversation, until `signal` aborts (`--stay`). */
  stay?: boolean;
}

export interface DemoResult {
  root: string;
  /** Per step: ms from the write to the peer's Gateway receiving the wake (undefined: none arrived). */
  wakes: Array<{ step: string; to: string; ms: number | undefined }>;
  converged: boolean;
}

/**
 * `ois demo`: three agents on this machine with a local bare remote, three Gateway stand-ins and three
 * `ois watch` processes; plays a short conversation and shows, live, who wrote, pushed, was woken, and
 * how long each step took. Leaves nothing running; keeps the folder for a look afterwards.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const root = options.dir ?? (await mkdtemp(join(tmpdir(), 'ois-demo-')));
  await mkdir(root, { recursive: true });
  const started = Date.now();
  const stamp = (): string => `[${((Date.now() - started) / 1000).toFixed(2).padStart(6)}s]`;
  const say = (who: string, text: string): void => options.out(`${stamp()} ${who.padEnd(9)} ${text}`);
  const waiters: Array<{ agent: string; resolve: (at: number) => void }> = [];
  const { remote, agents } = await buildDemoTeam(root, options.env, (agent, wake) => {
    // The first entry of the quoted block: its heading (`> ## … - Name (@id)`) and the first line of its body (`> > …`).
    const lines = wake.message.split('\n');
    const heading = lines.findIndex((line) => line.startsWith('> ## '));
    const from = /\(@([^)]+)\)$/.exec(lines[heading] ?? '')?.[1];
    const body = lines.slice(heading + 1).find((line) => line.startsWith('> > '))?.slice(4) ?? '';
    say(agent, `Gateway woken (${wake.sessionKey}): ${from === undefined ? '' : `from @${from}: `}${body.slice(0, 80)}`);
    for (const waiter of waiters.filter((w) => w.agent === agent)) waiter.resolve(wake.at);
  });
  const byId = new Map(agents.map((a) => [a.id, a]));
  const get = (id: string): DemoAgent => byId.get(id) ?? (agents[0] as DemoAgent);
  options.out('ois demo: a team of three OpenClaw agents on this machine');
  options.out(`  remote    ${remote} (a local bare repository)`);
  for (const a of agents) options.out(`  ${a.id.padEnd(9)} ${a.name}: clone ${a.dir}, Gateway stand-in ${a.gateway.url}`);
  options.out('');
  const watchers = agents.map((a) => startWatcher(a, (line) => say(a.id, line)));
  const wakes: DemoResult['wakes'] = [];
  let converged = false;
  let room: DemoRoom | undefined;
  try {
    await Promise.all(watchers.map((w) => w.ready));
    room = await startDemoRoom(get('aria'));
    if (room.url) {
      options.out('');
      options.out(`  The team's room, live in a browser (you are "${DEMO_HUMAN.name}", a human member):`);
      options.out(`    ${room.url}`);
      options.out('');
    }
    say('demo', 'three `ois watch` processes are running; the conversation starts');
    const timeout = options.stepTimeoutMs ?? 15_000;
    const step = async (name: string, from: string, to: string[], act: () => Promise<void>): Promise<void> => {
      if (options.signal.aborted) return;
      const arrivals = to.map((id) => new Promise<number | undefined>((resolve) => {
        waiters.push({ agent: id, resolve });
        setTimeout(() => resolve(undefined), timeout).unref();
      }));
      const t0 = Date.now();
      await act();
      const times = await Promise.all(arrivals);
      to.forEach((id, i) => {
        const at = times[i];
        wakes.push({ step: name, to: id, ms: at === undefined ? undefined : at - t0 });
        say('demo', at === undefined ? `${from} → ${id}: no wake within ${timeout / 1000} s` : `${from} → ${id}: write to wake in ${at - t0} ms`);
      });
      waiters.length = 0;
    };
    await step('request', 'aria', ['hkh'], async () => {
      await writeFile(join(get('aria').dir, 'shared', 'batch-001.json'), '{"items": 1000, "model": "small"}\n');
      await runCli(get('aria'), ['say', '--no-sync', '@hkh could you run batch-001 on your GPU? The input is shared/batch-001.json.']);
      say('aria', 'wrote shared/batch-001.json and said: @hkh could you run batch-001 …');
    });
    await step('answer', 'hkh', ['aria'], async () => {
      await mkdir(join(get('hkh').dir, 'shared', 'results'), { recursive: true });
      await writeFile(join(get('hkh').dir, 'shared', 'results', 'batch-001.csv'), 'item,score\n1,0.93\n2,0.88\n');
      await runCli(get('hkh'), ['say', '--no-sync', '@aria done: results in shared/results/batch-001.csv (2 rows shown, 1000 computed).']);
      say('hkh', 'wrote shared/results/batch-001.csv and said: @aria done …');
    });
    await step('everyone', 'xiaolong', ['aria', 'hkh'], async () => {
      await runCli(get('xiaolong'), ['say', '--no-sync', '@all 我看过结果了 👍 nice work, merging the report.']);
      say('xiaolong', 'said: @all 我看过结果了 👍 …');
    });
    converged = await waitConverged(agents, remote, options.env, 20_000);
    say('demo', converged ? 'all three clones hold the same history as the remote' : 'the clones did not converge within 20 s');
    if (options.stay && !options.signal.aborted) {
      say('demo', `the team stays up: write in the room${room?.url ? ` (${room.url})` : ''} with @aria, @hkh or @all and watch their Gateways woken here; Ctrl+C ends`);
      await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
    }
  } finally {
    await room?.stop();
    await Promise.all(watchers.map((w) => w.stop()));
    await Promise.all(agents.map((a) => a.gateway.close()));
  }
  options.out('');
  options.out('Where to look:');
  options.out(`  git -C ${shellWord(get('hkh').dir)} log --stat     the team's history, one commit per batch, authored by each agent`);
  options.out(`  (cd ${shellWord(get('hkh').dir)} && ${cliHint()} log)     the conversation`);
  if (!options.stay) options.out('  ois demo --stay                          the same, and the team and its room stay up until Ctrl+C');
  options.out(`To run the same for real: install ois on each machine (\`npm install -g ${PACKAGE_NAME}\`), \`ois init\` the team`);
  options.out('repository on your git server, then `ois join` it on each machine: docs/how-to-join.md says every step.');
  options.out(`The demo folder is kept: ${root}`);
  return { root, wakes, converged };
}

/**
 * The ois that ran the demo, as a command that works pasted into a shell: the absolute Node and CLI
 * (on a machine whose Node on PATH is older, `npm start` runs the demo on the project's Node 24).
 */
function cliHint(): string {
  return `${shellWord(process.execPath)} ${shellWord(cliEntry())}`;
}

interface Watcher {
  ready: Promise<void>;
  stop(): Promise<void>;
}

function startWatcher(agent: DemoAgent, show: (line: string) => void): Watcher {
  const child = spawn(process.execPath, [...WATCH_NODE_FLAGS, cliEntry(), 'watch', '--log-format', 'json'], { cwd: agent.dir, env: agent.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
    setTimeout(resolve, 15_000).unref();
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    let event: { event?: string; message?: string };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      show(line);
      return;
    }
    if (event.event === 'started') markReady();
    else if (event.event !== 'stopping' && event.event !== 'stopped') show(event.message ?? line);
  });
  child.stderr.on('data', (chunk: Buffer) => show(chunk.toString('utf8').trim()));
  return {
    ready,
    stop: () => stopChild(child),
  };
}

function runCli(agent: DemoAgent, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliEntry(), ...args], { cwd: agent.dir, env: agent.env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function waitConverged(agents: DemoAgent[], remote: string, env: Readonly<Record<string, string | undefined>>, timeoutMs: number): Promise<boolean> {
  const { execFile } = await import('node:child_process');
  const head = (dir: string): Promise<string> =>
    new Promise((resolve) => execFile('git', ['rev-parse', 'main'], { cwd: dir, env: env as NodeJS.ProcessEnv, timeout: 10_000 }, (_e, out) => resolve(String(out).trim())));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const heads = await Promise.all([remote, ...agents.map((a) => a.dir)].map(head));
    if (heads[0] && heads.every((h) => h === heads[0])) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
