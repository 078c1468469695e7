import { testPorts } from '../../harness/ports.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGatewayClient, type GatewayClient } from '../../src/adapters/gateway.js';
import type { LogEvent, Logger } from '../../src/adapters/log.js';
import { openRepo } from '../../src/app/clone/repo.js';
import { createTokenStore } from '../../src/app/secrets/tokens.js';
import { createTrustStore } from '../../src/app/secrets/trust.js';
import { runCycle, type CycleOutcome } from '../../src/app/sync/cycle.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { createAfterPush, type AfterPush } from '../../src/app/wake/after-push.js';
import type { CatchUpOptions } from '../../src/app/wake/catch-up.js';
import { startFakeGateway, type FakeGateway, type FakeGatewayOptions } from '../helpers/fake-gateway.js';
import { createGit } from '../../src/adapters/git.js';
import { ensureMergeDriver } from '../../src/app/setup/clone-config.js';
import { appendTestEntry } from '../helpers/chat-files.js';
import { git, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/** A team of agents, each with a clone, a fake Gateway and its own ois config dir (tokens, trust). */
export interface Team {
  box: Sandbox;
  dirs: Record<string, string>;
  gateways: Record<string, FakeGateway>;
  env(id: string): Record<string, string>;
  say(id: string, body: string): Promise<void>;
  cycle(id: string): Promise<CycleOutcome>;
  wakes(id: string, options?: { catchUp?: CatchUpOptions | false; now?: () => Date }): Promise<AfterPush>;
  events: Record<string, LogEvent[]>;
  close(): Promise<void>;
}

const DAY = '2026-11-23';
let counter = 0;

/** Aria, hkh and bob (ids as given), with AGENTS.md listing their fake Gateways and token variables. */
export async function startTeam(ids: string[], options: Record<string, FakeGatewayOptions> = {}, sync?: Record<string, number>): Promise<Team> {
  const box = await teamSandbox('acme', sync);
  const gateways: Record<string, FakeGateway> = {};
  for (const id of ids) {
    gateways[id] = await startFakeGateway({ allowTools: ['sessions_send'], token: `tok-${id}-0123456789abcdef`, ...options[id] });
  }
  const sections = ids.map(
    (id) => `## ${id.toUpperCase()}\n\n- Id: ${id}\n- Gateway: ${gateways[id]?.url}\n- Session: agent:main:main\n- Wake: invoke\n- Token: env:OIS_TOKEN_${id.toUpperCase()}\n`,
  );
  const dirs: Record<string, string> = {};
  const first = ids[0] ?? 'aria';
  const cloneAs = async (id: string): Promise<string> => {
    const dir = join(box.root, id);
    await git(box.root, ['clone', '-q', '--', box.remote, dir], box.env);
    for (const [key, value] of [['ois.id', id], ['ois.name', id.toUpperCase()], ['ois.gateway', gateways[id]?.url ?? '']]) {
      await git(dir, ['config', key as string, value as string], box.env);
    }
    await ensureMergeDriver(createGit(dir, { env: box.env }), { execPath: process.execPath });
    return dir;
  };
  dirs[first] = await cloneAs(first);
  await writeFile(join(dirs[first], 'AGENTS.md'), `# acme agents\n\n${sections.join('\n')}`);
  await git(dirs[first], ['commit', '-q', '--no-verify', '-am', 'registry'], box.env);
  await git(dirs[first], ['push', '-q', 'origin', 'main'], box.env);
  for (const id of ids.slice(1)) dirs[id] = await cloneAs(id);
  const tokens = Object.fromEntries(ids.map((id) => [`OIS_TOKEN_${id.toUpperCase()}`, gateways[id]?.token ?? '']));
  const env = (id: string): Record<string, string> => ({ ...box.env, ...tokens, OIS_CONFIG_DIR: join(box.root, `config-${id}`) });
  const clients: GatewayClient[] = [];
  const opened: AfterPush[] = [];
  const events: Record<string, LogEvent[]> = {};

  return {
    box,
    dirs,
    gateways,
    env,
    events,
    async say(id, body) {
      counter += 1;
      const at = `${DAY}T10:${String(counter % 60).padStart(2, '0')}:00.000Z`;
      await appendTestEntry(dirs[id] as string, { id: `e${String(counter).padStart(6, '0')}x`, at, author: id, body });
    },
    async cycle(id) {
      const repo = await openRepo(dirs[id] as string, testPorts(env(id)));
      if (!repo.identity) throw new Error('no identity');
      return runCycle(repo, repo.identity, systemCycleDeps());
    },
    async wakes(id, wakeOptions = {}) {
      const repo = await openRepo(dirs[id] as string, testPorts(env(id)));
      if (!repo.identity) throw new Error('no identity');
      const client = createGatewayClient({ timeoutMs: 60_000 });
      clients.push(client);
      const list = (events[id] ??= []);
      const log: Logger = { log: (event) => void list.push(event) };
      const configDir = env(id).OIS_CONFIG_DIR as string;
      const wakes = await createAfterPush({
        repo,
        identity: repo.identity,
        log,
        client,
        tokens: createTokenStore(configDir, testPorts({})),
        trust: createTrustStore(configDir, testPorts({})),
        env: env(id),
        retry: { maxAttempts: 2, sleep: async () => undefined },
        catchUp: wakeOptions.catchUp ?? false,
        ...(wakeOptions.now === undefined ? {} : { now: wakeOptions.now }),
      });
      opened.push(wakes);
      return wakes;
    },
    async close() {
      await Promise.all(opened.map((w) => w.close().catch(() => undefined)));
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all(Object.values(gateways).map((gw) => gw.close()));
      await box.cleanup();
    },
  };
}

/** The wake note on `sha` in the bare origin (what every clone fetches). */
export async function originNote(team: Team, sha: string): Promise<string> {
  try {
    return await git(team.box.bare, ['notes', '--ref=ois-wakes', 'show', sha], team.box.env);
  } catch {
    return '';
  }
}

/** Polls `predicate` every 20 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Like {@link until} for a check that needs git (polled every 100 ms). */
export async function untilAsync(predicate: () => Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
