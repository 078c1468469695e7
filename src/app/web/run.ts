import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createLogger, type Logger } from '../../adapters/log.js';
import { openInBrowser } from '../../adapters/open-browser.js';
import { loadAssets } from '../../adapters/web/assets.js';
import type { WebBackend } from '../../adapters/web/backend.js';
import { startWebServer, type WebServer } from '../../adapters/web/server.js';
import { OisError } from '../../core/errors.js';
import { isLoopback } from '../../core/web/guard.js';
import { openRepo, requireTeam, type Repo } from '../clone/repo.js';
import type { SayDeps } from '../chat/say.js';
import { webAssetDirs } from '../setup/package-paths.js';
import { syncOnce } from '../sync/once.js';
import { resolveHuman, type RoomHuman } from './human.js';
import { keepLive } from './live.js';
import { postAsHuman } from './post.js';
import { Room } from './room.js';
import { listSharedFiles, readSharedFile } from './shared-files.js';
import { superviseWatcher } from './supervise.js';

export interface WebInput {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `--as ID`: the human member who posts (remembered in `git config ois.human`). */
  as?: string;
  host?: string;
  port?: number;
  open: boolean;
  logFormat: 'text' | 'json';
  out: (line: string) => void;
  signal: AbortSignal;
}

/** The port tried first when `--port` is not given (then the next ones, if taken). */
export const DEFAULT_PORT = 8765;
const PORT_TRIES = 10;

/**
 * `ois web`: serves the team's room from this clone until `signal` aborts. Prints the URL (with its
 * access token) through `out` and nowhere else. Keeps the clone synced: through its watcher when
 * one runs, else as its watcher (see superviseWatcher).
 */
export async function runWeb(input: WebInput, deps: SayDeps): Promise<void> {
  let repo = await openRepo(input.cwd, input.env);
  const human = await resolveHuman(repo, input.as);
  if (human) repo = await rememberHuman(repo, human, input);
  await mkdir(repo.stateDir, { recursive: true });
  const log = createLogger({ format: input.logFormat, verbose: false, write: input.out, now: deps.now, file: join(repo.stateDir, 'ois.log') });
  const room = await Room.open(repo, human?.identity, deps.now);
  const { staticDir, scriptDir } = webAssetDirs();
  const host = input.host ?? '127.0.0.1';
  const server = await listenOnFreePort({
    backend: backendOf(repo, room, human, input.env, deps, log),
    assets: await loadAssets(staticDir, scriptDir),
    host,
    maxUploadBytes: repo.config.limits.maxFileBytes * 10 + 1024 * 1024,
  }, input.port);
  const stopLive = await keepLive(repo, room);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  input.signal.addEventListener('abort', stop, { once: true });
  try {
    input.out(`ois web: the room of team "${repo.config.team ?? 'team'}" (${repo.top})`);
    input.out(`  open ${server.url}`);
    input.out(human ? `  posting as ${human.identity.name} (${human.identity.id})` : '  read-only: no human member chosen (ois web --as ID; see docs/web.md)');
    if (!isLoopback(host)) input.out(`  warning: listening on ${host}, not only on this machine: anyone who can reach it and has the URL can read and post. Prefer an SSH tunnel (docs/web.md).`);
    input.out('  Ctrl+C stops it.');
    if (input.open && !(await openInBrowser(server.url, join(repo.stateDir, 'web-open.html')))) input.out('  (could not open a browser: open the URL above)');
    const identity = repo.identity;
    const team = await requireTeam(repo).then(() => true, () => false);
    if (identity === undefined || repo.settings.remoteUrl === undefined || !team) {
      room.setSyncState(!team ? 'not syncing: not an ois team repository (no ois.config.json)' : identity === undefined ? 'not syncing: this clone has no ois identity' : 'not syncing: this clone has no remote');
      await waitForAbort(controller.signal);
    } else {
      await superviseWatcher(repo, identity, input.env, log, deps.cycle, controller.signal, (state) => room.setSyncState(state));
    }
  } finally {
    input.signal.removeEventListener('abort', stop);
    await stopLive();
    await server.close();
  }
}

/** `--as` is remembered (`ois.human`); a person's own clone without an identity takes theirs. */
async function rememberHuman(repo: Repo, human: RoomHuman, input: WebInput): Promise<Repo> {
  let changed = false;
  if (human.source === 'option' && repo.settings.human !== human.identity.id) {
    await repo.git.run(['config', 'ois.human', human.identity.id]);
    changed = true;
  }
  if (repo.identity === undefined) {
    await repo.git.run(['config', 'ois.id', human.identity.id]);
    await repo.git.run(['config', 'ois.name', human.identity.name]);
    changed = true;
  }
  return changed ? openRepo(input.cwd, input.env) : repo;
}

function backendOf(repo: Repo, room: Room, human: RoomHuman | undefined, env: WebInput['env'], deps: SayDeps, log: Logger): WebBackend {
  return {
    info: () => room.info(),
    page: (before, limit) => room.page(before, limit),
    around: (key, size) => room.around(key, size),
    search: (text, before, limit) => room.search(text, before, limit),
    members: () => room.members(),
    tasks: () => room.tasks(),
    files: () => listSharedFiles(repo.top),
    readFile: (path, maxBytes) => readSharedFile(repo.top, path, maxBytes),
    subscribe: (listener) => room.subscribe(listener),
    async post(body, attachments) {
      if (human === undefined) {
        throw new OisError('NOT_A_HUMAN', 'this room is read-only: no human member was chosen', { hint: 'Restart it with `ois web --as ID` (a `Kind: human` member of AGENTS.md).' });
      }
      const posted = await postAsHuman({ repo, env, human: human.identity, body, attachments }, deps);
      await room.refresh({ shared: posted.attachments.length > 0 });
      // As `ois say` does: the clone's watcher runs the cycle (this process, when it is the watcher).
      void syncOnce(repo.top, env, deps.cycle).catch((error: unknown) => {
        log.log({ level: 'warn', event: 'sync-failed', message: `the entry ${posted.id} is written; its sync failed: ${(error as Error).message}` });
      });
      return posted;
    },
  };
}

async function listenOnFreePort(options: Omit<Parameters<typeof startWebServer>[0], 'port'>, port: number | undefined): Promise<WebServer> {
  if (port !== undefined) return startWebServer({ ...options, port });
  for (let i = 0; ; i += 1) {
    try {
      return await startWebServer({ ...options, port: DEFAULT_PORT + i });
    } catch (error) {
      if (!(error instanceof OisError && error.code === 'ADDRESS_IN_USE') || i === PORT_TRIES - 1) throw error;
    }
  }
}

async function waitForAbort(signal: AbortSignal): Promise<void> {
  while (!signal.aborted) await delay(60_000, undefined, { signal }).catch(() => undefined);
}
