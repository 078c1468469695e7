import type { Command } from 'commander';
import { createLogger } from '../../adapters/log.js';
import { openInBrowser } from '../../adapters/open-browser.js';
import { watchPaths } from '../../adapters/watch-paths.js';
import { loadAssets } from '../../adapters/web/assets.js';
import { startWebServer } from '../../adapters/web/server.js';
import type { WebEdge } from '../../app/web/edge.js';
import { runWeb } from '../../app/web/run.js';
import { OisError } from '../../core/errors.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';
import { logFormat } from './options.js';
import { systemSayDeps } from './say.js';

interface WebOptions {
  as?: string;
  port?: string;
  host?: string;
  open?: boolean;
  logFormat?: string;
}

/** The real server, pages, browser, file watcher, watcher socket and logger of the room (src/adapters). */
export function systemWebEdge(): WebEdge {
  return {
    startWebServer,
    loadAssets,
    openInBrowser: (url, redirectFile) => openInBrowser(url, redirectFile),
    watchPaths: (paths, debounceMs, onChange) => watchPaths(paths, debounceMs, onChange),
    createLogger,
  };
}

/** `ois web [--as ID] [--port N] [--host ADDR] [--open]`: the team's room in a browser, for humans. */
export function registerWeb(program: Command, io: CliIO): void {
  program
    .command('web')
    .description("the team's room in a browser, for humans: the chat live, a composer, members, tasks, shared files, search")
    .option('--as <id>', 'post as this human member of AGENTS.md (Kind: human); remembered in git config ois.human')
    .option('--port <n>', 'the port (default 8765, or the next free one)')
    .option('--host <address>', 'listen on this address instead of 127.0.0.1 (prints a warning: prefer an SSH tunnel)')
    .option('--open', 'open the room in the browser')
    .option('--log-format <format>', 'text (default) or json, for the sync lines it prints')
    .addHelpText(
      'after',
      `
Prints the room's URL, which carries a random access token (a new one at every start): open it
in a browser on this machine. Only this machine can reach it (127.0.0.1); from another machine use an
SSH tunnel: ssh -L 8765:127.0.0.1:8765 you@this-host, then open the printed URL there.
Posts are entries by the human member, through ois say's code, committed as them. When no
\`ois watch\` runs for this clone, ois web is its watcher meanwhile. See docs/web.md.`,
    )
    .action(async (options: WebOptions) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
        throw new OisError('USAGE', `--port "${options.port}" is not a port number`, { hint: 'Use 1 to 65535, or 0 for any free port.' });
      }
      await runWeb(
        {
          cwd: io.cwd,
          ...(options.as === undefined ? {} : { as: options.as }),
          ...(options.host === undefined ? {} : { host: options.host }),
          ...(port === undefined ? {} : { port }),
          open: options.open ?? false,
          logFormat: logFormat(options.logFormat, io.isTTY),
          out: (line) => io.out(line),
          signal: io.signal,
        },
        { ...systemSayDeps(), ports: portsOf(io), edge: systemWebEdge() },
      );
    });
}
