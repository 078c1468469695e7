/**
 * ois with two real OpenClaw Gateways (npm `openclaw` 2026.9.6, on the project's Node 24), each with
 * its own state dir, HOME and port on 127.0.0.1, and a scripted model server on 127.0.0.1 that follows
 * the installed ois skill (test/helpers/scripted-model.ts). Aria is woken through hooks, Bob through
 * `sessions_send`, both set up by `ois openclaw setup` itself. Cleo is a third member without a
 * Gateway. The `ois` that the Gateways' exec runs is this checkout's build (a shim on their PATH).
 *
 * Cost: the install is cached in .cache/openclaw (647 MB, ~30 s once); the two Gateways start in
 * parallel with the team's setup (~25–30 s) and take ~1.2 GB each; the whole file takes ~135 s on a
 * quiet 2-core machine (200–235 s beside other suites).
 * Skipped, with the reason, only when OpenClaw cannot be installed (or ois is not built).
 */
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/adapters/run-command.js';
import { CLI, runOis, startOis, type OisProcess } from '../../harness/cli-process.js';
import { freePort, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';
import { startRealGateway, type RealGateway } from '../helpers/openclaw-gateway.js';
import { startScriptedModel, type ScriptedModel, type WakeEntryRead } from '../helpers/scripted-model.js';
import { ensureOpenClaw } from './install.js';

const install = existsSync(CLI) ? await ensureOpenClaw() : { ok: false as const, reason: 'ois is not built (run `npm run build`)' };
if (!install.ok) console.warn(`[ois] skipping the real-Gateway tests: ${install.reason}`);

const IDS = ['aria', 'bob', 'cleo'] as const;
type Id = (typeof IDS)[number];

/** The scripted agents' manners: answer a question (an entry ending in `?`), never anything else. */
function answer(_agent: string, entries: readonly WakeEntryRead[]): string | undefined {
  const last = entries.at(-1);
  if (last === undefined || !last.body.endsWith('?')) return undefined;
  const count = /(\d+)\?$/.exec(last.body);
  if (count) return `@${last.from} ${Number(count[1]) + 1}?`;
  return `@${last.from} yes, they are in shared/results/ (you asked: ${last.body.split('\n')[0]})`;
}

interface Team {
  box: Sandbox;
  dirs: Record<Id, string>;
  env: Record<Id, Record<string, string>>;
  gateways: { aria: RealGateway; bob: RealGateway };
  model: ScriptedModel;
  watchers: OisProcess[];
  setup: Record<'aria' | 'bob', { code: number | null; stdout: string; stderr: string }>;
  hooksToken: string;
  cleo: { joined: { code: number | null; stdout: string; stderr: string }; env: Record<string, string> };
}

let team: Team | undefined;
let cleanup: Array<() => Promise<unknown>> = [];

async function ois(id: Id, args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (stdin === undefined) return runOis(args, team!.dirs[id], team!.env[id], 120_000);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: team!.dirs[id], env: team!.env[id] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const outputs = team ? `\n--- model turns ---\n${JSON.stringify(team.model.turns.map((t) => ({ ...t, skill: t.skill?.slice(0, 80) })), null, 1)}\n--- aria ---\n${await team.gateways.aria.output()}\n--- bob ---\n${await team.gateways.bob.output()}\n--- watchers ---\n${team.watchers.map((w) => w.output()).join('\n---\n')}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${outputs}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The chat history of a clone, oldest first (after its watcher synced). */
async function chat(id: Id): Promise<Array<{ author: string | null; body: string; at: string | null }>> {
  const { code, stdout, stderr } = await ois(id, ['log', '--json']);
  if (code !== 0) throw new Error(`ois log --json in ${id}'s clone exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as Array<{ author: string | null; body: string; at: string | null }>;
}

async function startTeam(): Promise<Team> {
  if (!install.ok) throw new Error('unreachable');
  const box = await teamSandbox('acme');
  cleanup.push(() => box.cleanup());
  const root = box.root;
  // The `ois` the Gateways' exec runs: this checkout's build, on the project's Node 24.
  const bin = join(root, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'ois'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  await chmod(join(bin, 'ois'), 0o755);
  const model = await startScriptedModel(answer);
  cleanup.push(() => model.close());
  const [portA, portB] = [await freePort(), await freePort()];
  const start = (name: 'aria' | 'bob', port: number) =>
    startRealGateway({ name, root, entry: install.entry, port, modelBaseUrl: model.baseUrl(name), pathDirs: [bin] });
  // The Gateways start (~25 s) while the team is set up; a failed start stops the other one too.
  const starting = Promise.allSettled([start('aria', portA), start('bob', portB)]);
  cleanup.push(async () => {
    for (const started of await starting) if (started.status === 'fulfilled') await started.value.stop();
  });
  const urls = { aria: `http://127.0.0.1:${portA}`, bob: `http://127.0.0.1:${portB}` };

  // The registry: Aria woken through hooks, Bob through sessions_send; Cleo has no Gateway of hers.
  // A small budget for the exchange test: three rounds each way, then a pause longer than the test.
  const seed = join(root, 'seed');
  await writeFile(
    join(seed, 'AGENTS.md'),
    `# acme agents\n\n## Aria\n\n- Id: aria\n- Gateway: ${urls.aria}\n- Wake: hooks\n\n## Bob\n\n- Id: bob\n- Gateway: ${urls.bob}\n- Wake: invoke\n- Token: env:OIS_TOKEN_BOB\n\n## Cleo\n\n- Id: cleo\n- Gateway: http://127.0.0.1:9\n- Wake: hooks\n`,
  );
  const configFile = join(seed, 'ois.config.json');
  const config = JSON.parse(await readFile(configFile, 'utf8')) as { wake: Record<string, unknown> };
  config.wake = { ...config.wake, budget: { exchangeRounds: 3, exchangePauseMs: 600_000 } };
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  await git(seed, ['commit', '-q', '--no-verify', '-am', 'acme: aria, bob and cleo'], box.env);
  await git(seed, ['push', '-q', 'origin', 'main'], box.env);

  const dirs = {} as Record<Id, string>;
  const env = {} as Record<Id, Record<string, string>>;
  for (const id of IDS) {
    env[id] = { ...box.env, OIS_CONFIG_DIR: join(root, `ois-config-${id}`), PATH: `${bin}${delimiter}${dirname(process.execPath)}${delimiter}${box.env.PATH}` };
    if (id !== 'cleo') dirs[id] = await joinAs(box, id, box.remote, id[0]!.toUpperCase() + id.slice(1));
  }
  // Cleo joins with the CLI on a machine where OpenClaw is found (OIS_OPENCLAW) with its state dir in
  // OPENCLAW_STATE_DIR (OpenClaw's own rule, no flag): the join ends with `ois openclaw setup`.
  const cleoState = join(root, 'openclaw-cleo');
  const cleoEnv = { ...env.cleo, OIS_OPENCLAW: install.entry, OPENCLAW_STATE_DIR: cleoState, HOME: join(root, 'home-cleo') };
  const joined = await runOis(['join', box.remote, join(root, 'cleo'), '--id', 'cleo', '--name', 'Cleo'], root, cleoEnv, 120_000);
  dirs.cleo = join(root, 'cleo');
  const [startedA, startedB] = await starting;
  if (startedA.status === 'rejected') throw startedA.reason;
  if (startedB.status === 'rejected') throw startedB.reason;
  const [aria, bob] = [startedA.value, startedB.value];
  await git(dirs.aria, ['config', 'ois.gateway', aria.url], box.env);
  await git(dirs.bob, ['config', 'ois.gateway', bob.url], box.env);
  team = { box, dirs, env, gateways: { aria, bob }, model, watchers: [], setup: {} as Team['setup'], hooksToken: '', cleo: { joined, env: cleoEnv } };

  // Bob's owner stores his own gateway token (his catch-up wakes need it), then both run setup.
  expect((await ois('bob', ['token', 'set', 'bob'], bob.token)).code).toBe(0);
  const setup = (id: 'aria' | 'bob', gw: RealGateway) => ois(id, ['openclaw', 'setup', '--state-dir', gw.stateDir, '--openclaw', install.entry]);
  const [setupA, setupB] = await Promise.all([setup('aria', aria), setup('bob', bob)]);
  team.setup = { aria: setupA, bob: setupB };
  // Aria's owner hands the printed hooks token to her teammates; Aria holds Bob's gateway token.
  team.hooksToken = /printf %s '([0-9a-f]{64})' \| ois token set aria --hooks/.exec(setupA.stdout)?.[1] ?? '';
  for (const id of ['bob', 'cleo'] as const) await ois(id, ['token', 'set', 'aria', '--hooks'], team.hooksToken);
  await ois('aria', ['token', 'set', 'bob'], bob.token);

  for (const id of ['aria', 'bob'] as const) {
    const watcher = startOis(['watch'], dirs[id], env[id]);
    team.watchers.push(watcher);
    cleanup.push(() => watcher.stop());
    await watcher.waitFor(/watching/, 30_000);
  }
  return team;
}

describe.skipIf(!install.ok)(`two real OpenClaw Gateways${install.ok ? '' : ` (skipped: ${install.reason})`}`, () => {
  beforeAll(async () => {
    await startTeam();
  }, 420_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    cleanup = [];
    team = undefined;
  }, 120_000);

  it('ois openclaw setup installs the skill (eligible, visible to the model) and opens each Gateway to wakes, through openclaw itself', async () => {
    const { setup, gateways, hooksToken } = team!;
    expect(setup.aria.code, setup.aria.stderr).toBe(0);
    expect(setup.bob.code, setup.bob.stderr).toBe(0);
    expect(setup.aria.stdout).toMatch(/skill {6}ois installed \S+\/workspace\/skills\/ois\/SKILL\.md \(eligible, visible to the model\)/);
    expect(setup.aria.stdout).toContain('hooks enabled with a new hooks token');
    expect(setup.aria.stdout).toContain(`gateway    ${gateways.aria.url} accepts wakes (hooks), checked without waking the agent`);
    expect(setup.bob.stdout).toContain('sessions_send added to gateway.tools.allow');
    expect(setup.bob.stdout).toContain(`gateway    ${gateways.bob.url} accepts wakes (invoke), checked without waking the agent`);
    expect(hooksToken).toMatch(/^[0-9a-f]{64}$/);
    expect(setup.bob.stdout).not.toContain(gateways.bob.token);

    // What OpenClaw itself says, against each agent's state dir.
    for (const gw of [gateways.aria, gateways.bob]) {
      const list = await runCommand(process.execPath, [install.ok ? install.entry : '', 'skills', 'list', '--json'], { env: gw.env, timeoutMs: 60_000 });
      const skills = (JSON.parse(list.stdout.slice(list.stdout.indexOf('{'))) as { skills: Array<{ name: string; eligible: boolean; modelVisible: boolean; source: string }> }).skills;
      expect(skills.find((s) => s.name === 'ois'), list.stderr).toMatchObject({ eligible: true, modelVisible: true, source: 'openclaw-workspace' });
    }
    const configA = JSON.parse(await readFile(join(gateways.aria.stateDir, 'openclaw.json'), 'utf8')) as { hooks?: { enabled?: boolean; token?: string } };
    expect(configA.hooks).toEqual({ enabled: true, token: hooksToken });
    const configB = JSON.parse(await readFile(join(gateways.bob.stateDir, 'openclaw.json'), 'utf8')) as { gateway?: { tools?: { allow?: string[] } } };
    expect(configB.gateway?.tools?.allow).toEqual(['sessions_send']);

    // doctor agrees, and a second setup changes nothing (the hooks token teammates hold is kept).
    const doctor = JSON.parse((await ois('aria', ['doctor', '--json'])).stdout) as { checks: Array<{ id: string; verdict: string; detail: string }> };
    expect(doctor.checks.filter((c) => c.id === 'openclaw-skill' || c.id === 'own-gateway').map((c) => [c.id, c.verdict])).toEqual([
      ['openclaw-skill', 'ok'],
      ['own-gateway', 'ok'],
    ]);
    const again = await ois('aria', ['openclaw', 'setup']);
    expect(again.stdout).toContain('ois up to date');
    expect(again.stdout).toContain('hooks already enabled, with the hooks token ois holds for you');
    expect(again.stdout).not.toMatch(/printf %s/);
    expect(team!.model.turns).toEqual([]); // setup and doctor woke nobody
    // No token in any log or JSON output.
    const logs = (await Promise.all(['aria', 'bob'].map((id) => readFile(join(team!.dirs[id as Id], '.git', 'ois', 'ois.log'), 'utf8').catch(() => '')))).join('\n');
    for (const secret of [hooksToken, gateways.bob.token, gateways.aria.token]) {
      expect(logs).not.toContain(secret);
      expect(JSON.stringify(doctor)).not.toContain(secret);
    }

    // Cleo's `ois join` found OpenClaw and ran the setup against OPENCLAW_STATE_DIR.
    const { joined, env: cleoEnv } = team!.cleo;
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.stdout).toContain('OpenClaw found: installing the ois skill');
    expect(joined.stdout).toMatch(/skill {6}ois installed \S*openclaw-cleo\/workspace\/skills\/ois\/SKILL\.md \(eligible, visible to the model\)/);
    expect(joined.stdout).toContain('hooks enabled with a new hooks token');
    const info = await runCommand(process.execPath, [install.ok ? install.entry : '', 'skills', 'info', 'ois', '--json'], { env: cleoEnv, timeoutMs: 60_000 });
    expect(JSON.parse(info.stdout.slice(info.stdout.indexOf('{')))).toMatchObject({ name: 'ois', eligible: true, modelVisible: true });
  }, 180_000);

  it('aria asks @bob; bob\'s Gateway runs a turn whose model answers with `ois say "@aria …"`; aria is woken with the answer; both logs hold both', async () => {
    const { model } = team!;
    const asked = await ois('aria', ['say', '@bob are the frames for batch-001 ready?']);
    expect(asked.code, asked.stderr).toBe(0);
    await until('bob to answer', () => model.turns.some((t) => t.agent === 'bob' && t.done && t.execOutput !== undefined), 120_000);
    const bobTurn = model.turns.find((t) => t.agent === 'bob')!;
    expect(bobTurn.skillListed).toBe(true);
    // The wake said who, when (UTC date and time) and how to answer; the skill said where and with what.
    expect(bobTurn.wake).toMatch(/> ## \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC - Aria \(@aria\)\n> > @bob are the frames for batch-001 ready\?/);
    expect(bobTurn.wake).toContain("To answer, use your ois skill: `ois say '@ID …'`");
    expect(bobTurn.skill).toContain(`You are **Bob** (id \`bob\`) in team **acme**`);
    expect(bobTurn.entries.map((e) => [e.from, e.body])).toEqual([['aria', '@bob are the frames for batch-001 ready?']]);
    expect(bobTurn.command).toBe(`cd ${team!.dirs.bob} && ois say '@aria yes, they are in shared/results/ (you asked: @bob are the frames for batch-001 ready?)'`);
    expect(bobTurn.execOutput).toMatch(/wrote entry \S+ to chat\/\d{4}-\d{2}-\d{2}\.md/);

    await until('aria to be woken with the answer', () => model.turns.some((t) => t.agent === 'aria' && t.done), 120_000);
    const ariaTurn = model.turns.find((t) => t.agent === 'aria')!;
    expect(ariaTurn.entries.map((e) => [e.from, e.body])).toEqual([['bob', '@aria yes, they are in shared/results/ (you asked: @bob are the frames for batch-001 ready?)']]);
    expect(ariaTurn.answer).toBeUndefined(); // no question, no answer: the exchange ends here

    const expected = [
      ['aria', '@bob are the frames for batch-001 ready?'],
      ['bob', '@aria yes, they are in shared/results/ (you asked: @bob are the frames for batch-001 ready?)'],
    ];
    for (const id of ['aria', 'bob'] as const) {
      await until(`${id}'s clone to hold both entries`, async () => (await chat(id)).length === 2, 30_000);
      expect((await chat(id)).map((e) => [e.author, e.body])).toEqual(expected);
    }
  }, 300_000);

  it('two agents that answer every wake: the budget stops their exchange after three rounds each way; every entry is kept', async () => {
    const { model } = team!;
    const before = model.turns.length;
    // A third member writes first: their earlier exchange is over, this one starts afresh.
    expect((await ois('cleo', ['say', 'morning all'])).code).toBe(0);
    await until('aria and bob to see cleo', async () => (await chat('aria')).length === 3 && (await chat('bob')).length === 3, 30_000);
    expect((await ois('aria', ['say', "@bob let's count: 1?"])).code).toBe(0);

    // 1 (aria) → bob answers 2 → 3 → 4 → 5 → 6 → aria's 7 is held: her fourth round with nobody else writing.
    await until('the count to reach 7', async () => (await chat('aria')).some((e) => e.body === '@bob 7?'), 240_000);
    // Quiet: no model turn for 20 s after the last entry.
    let seen = model.turns.length;
    let quietSince = Date.now();
    await until('the exchange to stop', () => {
      if (model.turns.length !== seen) {
        seen = model.turns.length;
        quietSince = Date.now();
      }
      return Date.now() - quietSince > 20_000 && model.turns.every((t) => t.done);
    }, 120_000);

    const turns = model.turns.slice(before).filter((t) => t.entries.some((e) => /^@\w+ (let's count: )?\d+\?$/.test(e.body)));
    const woke = (agent: string) => turns.filter((t) => t.agent === agent).map((t) => t.entries.map((e) => e.body).join(' + '));
    expect(woke('bob')).toEqual(["@bob let's count: 1?", '@bob 3?', '@bob 5?']);
    expect(woke('aria')).toEqual(['@aria 2?', '@aria 4?', '@aria 6?']);
    const counted = ["@bob let's count: 1?", '@aria 2?', '@bob 3?', '@aria 4?', '@bob 5?', '@aria 6?', '@bob 7?'];
    for (const id of ['aria', 'bob'] as const) {
      await until(`${id}'s clone to hold the whole count`, async () => (await chat(id)).length === 3 + 7, 30_000);
      expect((await chat(id)).slice(3).map((e) => e.body)).toEqual(counted);
    }
    const status = JSON.parse((await ois('aria', ['status', '--json'])).stdout) as { wakeBudget: Array<{ peer: string; reason: string; wakes: number; because: string }> };
    expect(status.wakeBudget).toEqual([expect.objectContaining({ peer: 'bob', reason: 'exchange', wakes: 1, because: expect.stringContaining('wake.budget.exchangeRounds') })]);
    const text = (await ois('aria', ['status'])).stdout;
    expect(text).toContain('wakes held bob: 3 rounds of answers between the two with nobody else writing (wake.budget.exchangeRounds)');
    const log = await readFile(join(team!.dirs.aria, '.git', 'ois', 'ois.log'), 'utf8');
    expect(log).toContain('holding the wakes of bob: 3 rounds of answers between the two with nobody else writing');
  }, 420_000);
});
