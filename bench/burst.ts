import { systemPorts } from '../src/wiring/ports.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startStandinGateway, type StandinGateway } from '../src/demo/standin-gateway.js';
import { tokenVariable } from '../src/demo/team.js';
import { initTeam } from '../src/app/setup/init.js';
import { joinTeam } from '../src/app/setup/join.js';
import { cliEntry } from '../src/app/setup/package-paths.js';
import { formatDayTitle, formatEntry } from '../src/core/chatlog/format.js';
import { stats, type Section, type Stats } from './lib.js';

const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answering agents (the design's figure: 12). */
const AGENTS = Number(process.env.OIS_BENCH_BURST_AGENTS ?? 12);
/** Rounds, one every ROUND_MS (the design's figure: every 10 s for a minute). */
const ROUNDS = Number(process.env.OIS_BENCH_BURST_ROUNDS ?? 6);
const ROUND_MS = 10_000;
/** Every agent answers at a random moment within this window of the round's start. */
const WINDOW_MS = 2_000;
/** How an agent writes: `append` (its file tool appends to the day file) or `say` (it runs `ois say`). */
const WRITE = (process.env.OIS_BENCH_BURST_WRITE ?? 'append') as 'append' | 'say';
/** ois runs in one bench (each a fresh team; the baseline runs once): the burst varies from run to run. */
const RUNS = Math.max(1, Number(process.env.OIS_BENCH_BURST_RUNS ?? 1));
/** After the last write, how long to wait for stragglers before counting them as missing. */
const GRACE_MS = 30_000;

interface Member {
  id: string;
  dir: string;
  file: string;
}

interface Sample {
  marker: string;
  writer: string;
  t0: number;
  woken?: number;
  /** When the remote's branch first held it. */
  onMain?: number;
  everywhere?: number;
  /** When each clone first held it (for a look at which clone lags: OIS_BENCH_KEEP=1 writes them). */
  seen?: Record<string, number>;
  /** ois only: how many wakes the asker's Gateway received carrying it (more than 1: woken twice for one entry). */
  wakes?: number;
  /** In the remote's day file at the end: how many times it is there, and where (the first). */
  copies?: number;
  position?: number;
}

interface BurstFigures {
  woken: Stats;
  onMain: Stats;
  everywhere: Stats;
  missingWake: number;
  missingSomewhere: number;
  /** Entries whose wake reached the asker more than once (undefined for the baseline, which has no wakes). */
  wokenTwice?: number;
  /** Entries the remote's day file holds more than once at the end. */
  duplicated: number;
  /** Writers whose entries the remote's day file holds in another order than they wrote them. */
  reordered: number;
}

const day = (): string => new Date().toISOString().slice(0, 10);
const ids = (): string[] => Array.from({ length: AGENTS }, (_, i) => `a${String(i + 1).padStart(2, '0')}`);

/**
 * Rounds of answers: every ROUND_MS, each agent writes one entry mentioning the asker `q` at a random
 * moment within WINDOW_MS. `write(member, marker)` writes it; `woken(marker)` / `inClone(member, marker)`
 * say whether the asker was told / a clone holds it. Returns one sample per entry.
 */
async function runRounds(
  writers: readonly Member[],
  everyone: readonly Member[],
  write: (member: Member, marker: string, n: number) => Promise<void>,
  wokenAt: (marker: string) => number | undefined,
  bare: string,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const texts = new Map<string, string>();
  let watching = true;
  // One reader of every clone's day file, every 20 ms: when did each clone first hold each marker?
  const reader = (async () => {
    while (watching) {
      await Promise.all(everyone.map(async (m) => texts.set(m.id, await readFile(m.file, 'utf8').catch(() => ''))));
      const now = Date.now();
      for (const s of samples) {
        if (s.woken === undefined) {
          const at = wokenAt(s.marker);
          if (at !== undefined) s.woken = at;
        }
        const seen = (s.seen ??= {});
        for (const m of everyone) if (seen[m.id] === undefined && texts.get(m.id)?.includes(s.marker)) seen[m.id] = now;
        if (s.everywhere === undefined && everyone.every((m) => seen[m.id] !== undefined)) s.everywhere = now;
      }
      await sleep(20);
    }
  })();
  // The remote's branch: its day file read again each time the branch moves (its loose ref, as pushes write it).
  const remoteReader = (async () => {
    let tip = '';
    while (watching) {
      const now = await readFile(join(bare, 'refs', 'heads', 'main'), 'utf8').catch(() =>
        exec('git', ['--git-dir', bare, 'rev-parse', 'main']).then((r) => r.stdout, () => tip),
      );
      if (now !== tip) {
        tip = now;
        const at = Date.now();
        const text = await exec('git', ['--git-dir', bare, 'show', `${now.trim()}:chat/${day()}.md`]).then((r) => r.stdout, () => '');
        for (const s of samples) if (s.onMain === undefined && text.includes(s.marker)) s.onMain = at;
      }
      await sleep(20);
    }
  })();
  const writes: Promise<void>[] = [];
  let n = 0;
  const start = Date.now();
  for (let round = 0; round < ROUNDS; round += 1) {
    const roundStart = start + round * ROUND_MS;
    await sleep(Math.max(0, roundStart - Date.now()));
    for (const member of writers) {
      const offset = Math.floor(Math.random() * WINDOW_MS);
      const marker = `burst-${round}-${member.id}-${randomBytes(3).toString('hex')}`;
      const k = (n += 1);
      writes.push(
        sleep(offset).then(async () => {
          const sample: Sample = { marker, writer: member.id, t0: Date.now() };
          samples.push(sample);
          await write(member, marker, k);
        }),
      );
    }
  }
  await Promise.all(writes);
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline && samples.some((s) => s.woken === undefined || s.everywhere === undefined)) await sleep(100);
  watching = false;
  await Promise.all([reader, remoteReader]);
  // The remote's day file at the end: each entry once, each writer's in the order it wrote them.
  const final = await exec('git', ['--git-dir', bare, 'show', `main:chat/${day()}.md`]).then((r) => r.stdout, () => '');
  for (const s of samples) {
    s.copies = final.split(s.marker).length - 1;
    s.position = final.indexOf(s.marker);
  }
  return samples;
}

function figures(samples: readonly Sample[]): BurstFigures {
  const woken = samples.flatMap((s) => (s.woken === undefined ? [] : [s.woken - s.t0]));
  const everywhere = samples.flatMap((s) => (s.everywhere === undefined ? [] : [s.everywhere - s.t0]));
  const onMain = samples.flatMap((s) => (s.onMain === undefined ? [] : [s.onMain - s.t0]));
  const byWriter = new Map<string, Sample[]>();
  for (const s of samples) byWriter.set(s.writer, [...(byWriter.get(s.writer) ?? []), s]);
  const inOrder = (list: Sample[]): boolean =>
    [...list].sort((a, b) => a.t0 - b.t0).every((s, i, sorted) => i === 0 || (s.position ?? -1) > (sorted[i - 1]?.position ?? -1));
  const duplicated = samples.filter((s) => (s.copies ?? 0) > 1).length;
  const reordered = [...byWriter.values()].filter((list) => !inOrder(list.filter((s) => (s.copies ?? 0) > 0))).length;
  const counted = samples.some((s) => s.wakes !== undefined);
  const twice = counted ? { wokenTwice: samples.filter((s) => (s.wakes ?? 0) > 1).length } : {};
  return { woken: stats(woken), onMain: stats(onMain), everywhere: stats(everywhere), missingWake: samples.length - woken.length, missingSomewhere: samples.length - everywhere.length, duplicated, reordered, ...twice };
}

function entryText(author: string, marker: string, n: number): string {
  return `${formatEntry({ id: `burst${String(n).padStart(11, '0')}`, at: new Date().toISOString(), author, name: author.toUpperCase(), body: `@q ${marker}` })}\n`;
}

/** ois: 12 agents and the asker, each a clone with its own `ois watch` process and Gateway stand-in. */
async function oisBurst(root: string): Promise<Sample[]> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), HOME: root };
  const wakes = new Map<string, number>();
  const deliveries = new Map<string, number>();
  const gateways: StandinGateway[] = [];
  const watchers: ChildProcess[] = [];
  try {
    const bare = join(root, 'origin.git');
    await exec('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    const seed = join(root, 'seed');
    await initTeam({ dir: seed, team: 'burst', remote: bare, identity: { id: 'seed', name: 'Seed' } }, systemPorts({ env }));
    let sections = '';
    for (const id of ['q', ...ids()]) {
      const token = randomBytes(24).toString('hex');
      env[tokenVariable(id)] = token;
      const gw = await startStandinGateway(token, (wake) => {
        if (id !== 'q') return;
        for (const m of wake.message.matchAll(/burst-\d+-a\d+-[0-9a-f]{6}/g)) {
          if (!wakes.has(m[0])) wakes.set(m[0], wake.at);
          deliveries.set(m[0], (deliveries.get(m[0]) ?? 0) + 1);
        }
      });
      gateways.push(gw);
      sections += `\n## ${id.toUpperCase()}\n\n- Id: ${id}\n- Gateway: ${gw.url}\n- Token: env:${tokenVariable(id)}\n`;
    }
    await writeFile(join(seed, 'AGENTS.md'), `${await readFile(join(seed, 'AGENTS.md'), 'utf8')}${sections}`);
    await writeFile(join(seed, 'chat', `${day()}.md`), formatDayTitle(day()));
    const gitEnv = { ...env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
    await exec('git', ['add', '-A'], { cwd: seed, env: gitEnv });
    await exec('git', ['commit', '-q', '--no-verify', '-m', 'members'], { cwd: seed, env: gitEnv });
    await exec('git', ['push', '-q', 'origin', 'main'], { cwd: seed, env: gitEnv });
    const members: Member[] = [];
    for (const id of ['q', ...ids()]) {
      const { top } = await joinTeam({ remote: bare, dir: join(root, id), identity: { id, name: id.toUpperCase() }, cwd: root }, systemPorts({ env }));
      members.push({ id, dir: top, file: join(top, 'chat', `${day()}.md`) });
    }
    const memberEnv = (id: string): Record<string, string> => ({ ...env, OIS_CONFIG_DIR: join(root, `${id}-config`) });
    for (const m of members) {
      const child = spawn(process.execPath, ['--max-semi-space-size=1', cliEntry(), 'watch'], { cwd: m.dir, env: memberEnv(m.id), stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr?.on('data', (c: Buffer) => process.stderr.write(`[${m.id}] ${c.toString()}`));
      watchers.push(child);
    }
    // Every watcher up (its log says so: 13 starting at once take seconds on 2 cores) and through its
    // first cycle, as a team's watchers are when a question comes.
    const started = (m: Member): Promise<boolean> => readFile(join(m.dir, '.git', 'ois', 'ois.log'), 'utf8').then((t) => t.includes('"event":"started"'), () => false);
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
      if ((await Promise.all(members.map(started))).every(Boolean)) break;
    }
    await sleep(3_000);
    const write = async (member: Member, marker: string, n: number): Promise<void> => {
      if (WRITE === 'say') await exec(process.execPath, [cliEntry(), 'say', `@q ${marker}`], { cwd: member.dir, env: memberEnv(member.id) });
      else await appendFile(member.file, entryText(member.id, marker, n));
    };
    const samples = await runRounds(members.slice(1), members, write, (marker) => wakes.get(marker), bare);
    // Wakes still in flight (a retry, a digest) have had the grace period to arrive.
    for (const s of samples) s.wakes = deliveries.get(s.marker) ?? 0;
    return samples;
  } finally {
    for (const w of watchers) w.kill('SIGTERM');
    await Promise.all(watchers.map((w) => (w.exitCode === null ? new Promise((r) => w.once('exit', r)) : undefined)));
    await Promise.all(gateways.map((g) => g.close()));
  }
}

/**
 * The plain-git baseline: every clone runs `git add -A && git commit && git push` (on rejection
 * `git pull --rebase` then push) every second, and `git pull --rebase` every 5 s, with
 * `chat/*.md merge=union` (without it, the concurrent appends conflict). The asker is "told" when its clone holds the entry.
 */
async function baselineBurst(root: string): Promise<Sample[]> {
  const env = { ...(process.env as Record<string, string>), GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
  const bare = join(root, 'plain.git');
  await exec('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  const seed = join(root, 'plain-seed');
  await exec('git', ['clone', '-q', bare, seed], { env });
  await mkdir(join(seed, 'chat'), { recursive: true });
  await writeFile(join(seed, 'chat', `${day()}.md`), formatDayTitle(day()));
  await writeFile(join(seed, '.gitattributes'), 'chat/*.md merge=union\n');
  await exec('git', ['add', '-A'], { cwd: seed, env });
  await exec('git', ['commit', '-qm', 'init'], { cwd: seed, env });
  await exec('git', ['push', '-q', 'origin', 'HEAD:main'], { cwd: seed, env });
  const members: Member[] = [];
  for (const id of ['q', ...ids()]) {
    const dir = join(root, `plain-${id}`);
    await exec('git', ['clone', '-q', bare, dir], { env });
    members.push({ id, dir, file: join(dir, 'chat', `${day()}.md`) });
  }
  let running = true;
  const git = (dir: string, args: string[]) => exec('git', args, { cwd: dir, env }).then(() => true, () => false);
  // A clone's two loops take turns: run at once, two `pull --rebase` in one clone wedged it mid-rebase
  // for good (its entries then never arrived), which measured a broken script, not git.
  const turns = new Map<string, Promise<unknown>>();
  const inTurn = <T>(dir: string, fn: () => Promise<T>): Promise<T> => {
    const run = (turns.get(dir) ?? Promise.resolve()).then(fn);
    turns.set(dir, run.catch(() => undefined));
    return run;
  };
  const pushLoop = async (dir: string): Promise<void> => {
    while (running) {
      await inTurn(dir, async () => {
        await git(dir, ['add', '-A']);
        await git(dir, ['commit', '-qm', 'auto']);
        if (!(await git(dir, ['push', '-q', 'origin', 'HEAD:main']))) {
          await git(dir, ['pull', '-q', '--rebase', 'origin', 'main']);
          await git(dir, ['push', '-q', 'origin', 'HEAD:main']);
        }
      });
      await sleep(1_000);
    }
  };
  const pullLoop = async (dir: string): Promise<void> => {
    while (running) {
      await sleep(5_000);
      await inTurn(dir, () => git(dir, ['pull', '-q', '--rebase', 'origin', 'main']));
    }
  };
  const loops = members.flatMap((m) => [pushLoop(m.dir), pullLoop(m.dir)]);
  const asker = members[0] as Member;
  let askerText = '';
  const poll = (async () => {
    while (running) {
      askerText = await readFile(asker.file, 'utf8').catch(() => '');
      await sleep(20);
    }
  })();
  const firstSeen = new Map<string, number>();
  try {
    return await runRounds(
      members.slice(1),
      members,
      async (member, marker, n) => appendFile(member.file, entryText(member.id, marker, n)),
      (marker) => {
        if (!firstSeen.has(marker) && askerText.includes(marker)) firstSeen.set(marker, Date.now());
        return firstSeen.get(marker);
      },
      bare,
    );
  } finally {
    running = false;
    await Promise.all([...loops, poll]);
  }
}

/** The design's burst: 12 agents each answer an `@all` question within the same 2 s, every 10 s for a minute. */
export async function burstBench(): Promise<Section> {
  const root = await mkdtemp(join(tmpdir(), 'ois-bench-burst-'));
  try {
    const runs: BurstFigures[] = [];
    for (let i = 1; i <= RUNS; i += 1) {
      const dir = RUNS === 1 ? root : join(root, `run${i}`);
      await mkdir(dir, { recursive: true });
      const samples = await oisBurst(dir);
      if (process.env.OIS_BENCH_KEEP === '1') await writeFile(join(dir, 'samples.json'), JSON.stringify(samples, null, 1));
      runs.push(figures(samples));
    }
    const plain = figures(await baselineBurst(root));
    const total = AGENTS * ROUNDS;
    const met = runs.filter((f) => f.woken.p95 <= 2_000 && f.everywhere.p95 <= 5_000 && f.missingWake + f.missingSomewhere + f.duplicated + f.reordered === 0).length;
    const row = (label: string, f: BurstFigures, what: string): string =>
      `| ${label} | ${what} | ${f.woken.p50} | ${f.woken.p95} | ${f.onMain.p50} | ${f.onMain.p95} | ${f.everywhere.p50} | ${f.everywhere.p95} | ${f.everywhere.max} | ${f.missingWake} / ${f.missingSomewhere} | ${f.duplicated} | ${f.reordered} | ${f.wokenTwice ?? '–'} |`;
    return {
      name: 'burst',
      title: `A burst: ${AGENTS} agents answer within the same ${WINDOW_MS / 1000} s, every ${ROUND_MS / 1000} s for ${(ROUNDS * ROUND_MS) / 60_000} min (ms)`,
      data: { agents: AGENTS, rounds: ROUNDS, write: WRITE, entries: total, ois: runs[0], ...(RUNS > 1 ? { oisRuns: runs } : {}), targetsMet: met, baseline: plain },
      markdown: [
        `${AGENTS} agents and the asker, each a clone with its own \`ois watch\` process and Gateway stand-in on 127.0.0.1, one bare remote, default settings (poll every 2 s), all on this machine's cores. Every ${ROUND_MS / 1000} s each agent ${WRITE === 'say' ? 'runs `ois say "@q …"`' : 'appends an entry mentioning `@q` to its day file'} at a random moment within ${WINDOW_MS / 1000} s; ${total} entries in all. "Woken": until the asker's Gateway receives the wake carrying the entry. "On the remote's branch": until the remote's \`main\` holds it (a queued push counts once merged). "In every clone": until all ${AGENTS + 1} clones' day files hold it. "Duplicated": entries the remote's day file holds more than once at the end; "writers out of order": writers whose entries it holds in another order than they wrote them. "Woken twice": entries whose wake reached the asker more than once. Targets: woken p95 ≤ 2 000 ms, in every clone p95 ≤ 5 000 ms, nothing lost, duplicated or reordered.${RUNS > 1 ? ` ${RUNS} ois runs (\`OIS_BENCH_BURST_RUNS\`), each a fresh team, then the baseline once.` : ''}`,
        '',
        'Plain-git baseline, same run: every clone loops `git add -A && git commit && git push` (rejected: `git pull --rebase` then push) every second and `git pull --rebase` every 5 s (the two loops of a clone take turns), with `chat/*.md merge=union`; "woken" is when the asker\'s clone holds the entry.',
        '',
        '| | write | woken p50 | woken p95 | on the remote\'s branch p50 | p95 | in every clone p50 | p95 | max | missing (woken / somewhere) | duplicated | writers out of order | woken twice |',
        '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
        ...runs.map((f, i) => row(RUNS === 1 ? 'ois' : `ois, run ${i + 1}`, f, WRITE)),
        row('plain git loops', plain, 'append'),
        '',
        `Targets met in ${met} of ${RUNS} ois run${RUNS === 1 ? '' : 's'}.`,
      ],
    };
  } finally {
    // OIS_BENCH_KEEP=1 keeps the clones and the remote for a look (their .git/ois/ois.log).
    if (process.env.OIS_BENCH_KEEP === '1') process.stderr.write(`kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}
