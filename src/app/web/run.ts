import { join } from 'node:path';
import type { Logger } from '../../adapters/log.js';
import type { WebBackend } from '../../adapters/web/backend.js';
import type { WebServer, WebServerOptions } from '../../adapters/web/server.js';
import { OisError } from '../../core/errors.js';
import { configSet } from '../../core/git/config.js';
import { isLoopback } from '../../core/web/guard.js';
import type { Clock } from '../../ports/index.js';
import { openRepo, requireTeam, type Repo } from '../clone/repo.js';
import { webAssetDirs } from '../setup/package-paths.js';
import { syncOnce } from '../sync/once.js';
import type { WebDeps, WebEdge } from './edge.js';
import { resolveHuman, type RoomHuman } from './human.js';
import { keepLive } from './live.js';
import { postAsHuman } from './post.js';
import { Room } from './room.js';
import { listSharedFiles, readSharedFile } from './shared-files.js';
import { superviseWatcher } from './supervise.js';

export interface WebInput {
  cwd: string;
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
 * one runs, else as its watcher (see superviseWatcher). Every side effect goes through `deps.ports`
 * (the clone's, `repo.ports`) and `deps.edge` (server, browser, file watcher).
 */
export async function runWeb(input: WebInput, deps: WebDeps): Promise<void> {
  const { edge } = deps;
  let repo = await openRepo(input.cwd, deps.ports);
  const human = await resolveHuman(repo, input.as);
  if (human) repo = await rememberHuman(repo, human, input, deps);
  await repo.ports.files.mkdir(repo.stateDir);
  const log = edge.createLogger({ format: input.logFormat, verbose: false, write: input.out, now: deps.now, file: join(repo.stateDir, 'ois.log') });
  const room = await Room.open(repo, human?.identity, deps.now);
  const { staticDir, scriptDir } = webAssetDirs();
  const host = input.host ?? '127.0.0.1';
  const server = await listenOnFreePort(edge, {
    backend: backendOf(repo, room, human, deps, log),
    assets: await edge.loadAssets(staticDir, scriptDir),
    host,
    maxUploadBytes: repo.config.limits.maxFileBytes * 10 + 1024 * 1024,
  }, input.port);
  const stopLive = await keepLive(repo, room, edge.watchPaths);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  input.signal.addEventListener('abort', stop, { once: true });
  try {
    input.out(`ois web: the room of team "${repo.config.team ?? 'team'}" (${repo.top})`);
    input.out(`  open ${server.url}`);
    input.out(human ? `  posting as ${human.identity.name} (${human.identity.id})` : '  read-only: no human member chosen (ois web --as ID; see docs/web.md)');
    if (!isLoopback(host)) input.out(`  warning: listening on ${host}, not only on this machine: anyone who can reach it and has the URL can read and post. Prefer an SSH tunnel (docs/web.md).`);
    input.out('  Ctrl+C stops it.');
    if (input.open && !(await edge.openInBrowser(server.url, join(repo.stateDir, 'web-open.html')))) input.out('  (could not open a browser: open the URL above)');
    const identity = repo.identity;
    const team = await requireTeam(repo).then(() => true, () => false);
    if (identity === undefined || repo.settings.remoteUrl === undefined || !team) {
      room.setSyncState(!team ? 'not syncing: not an ois team repository (no ois.config.json)' : identity === undefined ? 'not syncing: this clone has no ois identity' : 'not syncing: this clone has no remote');
      await waitForAbort(repo.ports.clock, controller.signal);
    } else {
      await superviseWatcher(repo, identity, { log, cycle: deps.cycle, }, controller.signal, (state) => room.setSyncState(state));
    }
  } finally {
    input.signal.removeEventListener('abort', stop);
    await stopLive();
    await server.close();
  }
}

/** `--as` is remembered (`ois.human`); a person's own clone without an identity takes theirs. */
async function rememberHuman(repo: Repo, human: RoomHuman, input: WebInput, deps: WebDeps): Promise<Repo> {
  let changed = false;
  if (human.source === 'option' && repo.settings.human !== human.identity.id) {
    await repo.git.exec(configSet('ois.human', human.identity.id));
    changed = true;
  }
  if (repo.identity === undefined) {
    await repo.git.exec(configSet('ois.id', human.identity.id));
    await repo.git.exec(configSet('ois.name', human.identity.name));
    changed = true;
  }
  return changed ? openRepo(input.cwd, deps.ports) : repo;
}

function backendOf(repo: Repo, room: Room, human: RoomHuman | undefined, deps: WebDeps, log: Logger): WebBackend {
  const { files, system } = repo.ports;
  return {
    info: () => room.info(),
    page: (before, limit) => room.page(before, limit),
    around: (key, size) => room.around(key, size),
    search: (text, before, limit) => room.search(text, before, limit),
    members: () => room.members(),
    tasks: () => room.tasks(),
    files: () => listSharedFiles(files, repo.top),
    readFile: (path, maxBytes) => readSharedFile(files, repo.top, path, maxBytes),
    subscribe: (listener) => room.subscribe(listener),
    async post(body, attachments) {
      if (human === undefined) {
        throw new OisError('NOT_A_HUMAN', 'this room is read-only: no human member was chosen', { hint: 'Restart it with `ois web --as ID` (a `Kind: human` member of AGENTS.md).' });
      }
      const posted = await postAsHuman({ repo, human: human.identity, body, attachments }, deps);
      await room.refresh({ shared: posted.attachments.length > 0 });
      // As `ois say` does: the clone's watcher runs the cycle (this process, when it is the watcher).
      void syncOnce(repo.top, repo.ports, deps.cycle).catch((error: unknown) => {
        log.log({ level: 'warn', event: 'sync-failed', message: `the entry ${posted.id} is written; its sync failed: ${(error as Error).message}` });
      });
      return posted;
    },
  };
}

async function listenOnFreePort(edge: WebEdge, options: Omit<WebServerOptions, 'port'>, port: number | undefined): Promise<WebServer> {
  if (port !== undefined) return edge.startWebServer({ ...options, port });
  for (let i = 0; ; i += 1) {
    try {
      return await edge.startWebServer({ ...options, port: DEFAULT_PORT + i });
    } catch (error) {
      if (!(error instanceof OisError && error.code === 'ADDRESS_IN_USE') || i === PORT_TRIES - 1) throw error;
    }
  }
}

async function waitForAbort(clock: Clock, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) await clock.sleep(60_000, signal);
}
