import type { Logger, LoggerOptions } from '../../adapters/log.js';
import type { Asset } from '../../adapters/web/assets.js';
import type { WebServer, WebServerOptions } from '../../adapters/web/server.js';
import type { Ports } from '../../ports/index.js';
import type { SayDeps } from '../chat/say.js';

/**
 * What `ois web` needs from the edge besides the ports: the room's HTTP server and its pages
 * (src/adapters/web), the browser, a file watcher, the clone's watcher socket and a logger. The CLI
 * passes the real ones (cli/commands/web.ts); the room's code only calls them.
 */
export interface WebEdge {
  startWebServer(options: WebServerOptions): Promise<WebServer>;
  loadAssets(staticDir: string, scriptDir: string): Promise<Map<string, Asset>>;
  /** Best effort: false when no browser could be started. */
  openInBrowser(url: string, redirectFile: string): Promise<boolean>;
  /** Calls `onChange` with each debounced batch of changed paths (hints); `close` stops it. */
  watchPaths(paths: readonly string[], debounceMs: number, onChange: (changed: string[]) => void): Promise<{ close(): Promise<void> }>;
  createLogger(options: LoggerOptions): Logger;
}

/** Everything `ois web` runs on: `ois say`'s deps (clock, randomness, the cycle), the ports and the edge. */
export interface WebDeps extends SayDeps {
  ports: Ports;
  edge: WebEdge;
}
