/**
 * A real OpenClaw Gateway (npm `openclaw`, installed by test/openclaw/install.ts) on 127.0.0.1 for
 * end-to-end tests: its own state dir, HOME and port, token auth, the scripted model server as its
 * only model provider, nothing that reaches past loopback (no update check, no channels, no mDNS, no
 * browser). It runs in its own process group, so that stopping it stops the helpers it spawns too; a
 * test process that dies takes it down with it (an exit hook), and a hard timer stops it anyway.
 * About 25 s to start and 1.2 GB of memory on 2 cores.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

export interface RealGateway {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** gateway.auth.token (operator access to this Gateway: only the test holds it). */
  readonly token: string;
  readonly stateDir: string;
  /** The environment `openclaw` commands for this Gateway run with (OPENCLAW_STATE_DIR, HOME, PATH). */
  readonly env: Record<string, string>;
  /** The last lines of the Gateway's own output, for failure messages. */
  output(): Promise<string>;
  stop(): Promise<void>;
}

export interface RealGatewayOptions {
  name: string;
  /** Where its state dir, HOME and log go. */
  root: string;
  /** openclaw.mjs. */
  entry: string;
  port: number;
  /** The OpenAI-compatible base URL of its model (`…/v1`). */
  modelBaseUrl: string;
  /** Directories put first on its PATH (the `ois` shim), and into exec's PATH. */
  pathDirs: string[];
  readyTimeoutMs?: number;
  /** The Gateway is stopped after this long whatever happens (default 20 min). */
  maxLifetimeMs?: number;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

export async function startRealGateway(options: RealGatewayOptions): Promise<RealGateway> {
  const stateDir = join(options.root, `openclaw-${options.name}`);
  const home = join(options.root, `home-${options.name}`);
  await mkdir(stateDir, { recursive: true });
  await mkdir(home, { recursive: true });
  const token = randomBytes(24).toString('hex');
  const config = {
    gateway: { mode: 'local', port: options.port, bind: 'loopback', auth: { mode: 'token', token } },
    agents: { defaults: { model: { primary: 'scripted/scripted' }, heartbeat: { every: '0m' } } },
    models: {
      mode: 'merge',
      providers: {
        scripted: {
          baseUrl: options.modelBaseUrl,
          apiKey: 'scripted',
          api: 'openai-completions',
          models: [{ id: 'scripted', name: 'Scripted', reasoning: false, input: ['text'], cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 200_000, maxTokens: 4_096 }],
        },
      },
    },
    tools: { exec: { pathPrepend: options.pathDirs } },
    logging: { file: join(stateDir, 'openclaw.log') },
    update: { checkOnStart: false },
    browser: { enabled: false },
  };
  await writeFile(join(stateDir, 'openclaw.json'), `${JSON.stringify(config, null, 2)}\n`);
  const env: Record<string, string> = {
    PATH: [...options.pathDirs, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter),
    HOME: home,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_NO_RESPAWN: '1',
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_NO_AUTO_UPDATE: '1',
    NO_COLOR: '1',
    TMPDIR: join(options.root, 'tmp'),
    LANG: 'C.UTF-8',
  };
  await mkdir(env.TMPDIR!, { recursive: true });
  const log = await open(join(options.root, `gateway-${options.name}.out`), 'a');
  const child = spawn(process.execPath, [options.entry, 'gateway', 'run', '--port', String(options.port), '--bind', 'loopback'], {
    env,
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lifetime = setTimeout(() => killGroup(child, 'SIGKILL'), options.maxLifetimeMs ?? 20 * 60_000);
  lifetime.unref();
  const url = `http://127.0.0.1:${options.port}`;
  const output = async (): Promise<string> => (await readFile(join(options.root, `gateway-${options.name}.out`), 'utf8').catch(() => '')).split('\n').slice(-40).join('\n');
  const stop = async (): Promise<void> => {
    clearTimeout(lifetime);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    // The spawn broker and SQLite helpers share the group: make sure none is left.
    killGroup(child, 'SIGKILL');
    running.delete(child);
    await log.close().catch(() => undefined);
  };
  try {
    await waitReady(url, child, options.readyTimeoutMs ?? 180_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- gateway ${options.name} output ---\n${await output()}`);
  }
  return { name: options.name, url, port: options.port, token, stateDir, env, output, stop };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Gateway exited with ${child.exitCode} before it was ready`);
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the Gateway at ${url} was not ready within ${timeoutMs} ms`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
