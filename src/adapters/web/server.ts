import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { OisError } from '../../core/errors.js';
import { allowedHosts } from '../../core/web/guard.js';
import { addApi } from './api.js';
import type { Asset } from './assets.js';
import type { WebBackend } from './backend.js';
import { cookieName, hostCheck, noStore, pageHeaders, requireSession, writeGuard, type WebEnv } from './security.js';
import { Sessions } from './sessions.js';

export interface WebServerOptions {
  backend: WebBackend;
  assets: ReadonlyMap<string, Asset>;
  host: string;
  /** 0: any free port. */
  port: number;
  /** The largest POST body accepted (a message and its attachments). */
  maxUploadBytes: number;
}

export interface WebServer {
  /** The URL to open, with the access token (`http://127.0.0.1:8765/?token=…`): print it, never log it. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Paths anyone may fetch without a session: the page that says the room is locked, and its stylesheet. */
const OPEN_ASSETS = new Set(['style.css']);

/**
 * The room's HTTP server (Hono on Node's http): every request must name the room's own address in
 * its Host header; the access token in the printed URL is exchanged for an HttpOnly, SameSite=Strict
 * session cookie; every other path needs that cookie, and every write the page's CSRF token from the
 * page's own origin. Throws ADDRESS_IN_USE when the port is taken.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const sessions = new Sessions();
  const app = new Hono<WebEnv>();
  // Known once listening (the port may be chosen by the OS); the middlewares read them per request.
  let hosts: string[] = [];
  let port = options.port;
  app.use('*', hostCheck(() => hosts));
  // A shared file is never a page: whatever it holds, no script runs from it (set after the page's headers).
  app.use('/files/raw', async (c, next) => {
    await next();
    c.res.headers.set('content-security-policy', "default-src 'none'; img-src 'self'; sandbox");
  });
  app.use('*', pageHeaders());
  app.get('/', (c) => {
    const token = c.req.query('token');
    if (token !== undefined) {
      const session = sessions.exchange(token);
      if (session === undefined) return page(c, options.assets, 'locked.html', 401);
      setCookie(c, cookieName(port), session.id, { httpOnly: true, sameSite: 'Strict', path: '/' });
      // Off the address bar (and out of the history's current entry) at once; a page of the room's
      // own makes the next request, so the SameSite=Strict cookie goes with it whatever opened this.
      return page(c, options.assets, 'enter.html', 200);
    }
    if (sessions.find(getCookie(c, cookieName(port))) === undefined) return page(c, options.assets, 'locked.html', 401);
    return page(c, options.assets, 'index.html', 200);
  });
  app.get('/assets/:name', async (c, next) => {
    const name = c.req.param('name');
    if (OPEN_ASSETS.has(name)) return asset(c, options.assets, name);
    await next();
  });
  app.use('*', requireSession(sessions, () => port));
  app.use('*', writeGuard(() => hosts));
  app.get('/assets/:name', (c) => asset(c, options.assets, c.req.param('name')));
  app.get('/files/view', (c) => page(c, options.assets, 'index.html', 200));
  addApi(app, options.backend, { maxUploadBytes: options.maxUploadBytes });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'no such page' } }, 404));
  app.onError((_error, c) => c.json({ error: { code: 'INTERNAL', message: 'the room could not answer that request' } }, 500));

  const server = await listen(app, options.host, options.port);
  port = (server.address() as AddressInfo).port;
  hosts = hostsFor(options.host, port);
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const shownHost = wildcard ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${sessions.token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The Host values to answer to: the bound address's; for a wildcard bind (0.0.0.0, ::), every
 * address of this machine's interfaces (a client may reach it through any of them), never a name.
 */
function hostsFor(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return allowedHosts(host, port);
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  return [...new Set(addresses.flatMap((address) => allowedHosts(address.replace(/%.*$/, ''), port)))];
}

type NodeServer = ReturnType<typeof serve> & { closeAllConnections(): void; address(): AddressInfo | string | null };

function listen(app: Hono<WebEnv>, host: string, port: number): Promise<NodeServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }) as NodeServer;
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new OisError('ADDRESS_IN_USE', `port ${port} on ${host} is taken`, { hint: 'Choose another with --port N.' }));
      else if (error.code === 'EADDRNOTAVAIL') reject(new OisError('USAGE', `${host} is not an address of this machine`, { hint: 'Use --host with an address of this machine, or leave it out (127.0.0.1).' }));
      else reject(error);
    });
  });
}

function page(c: import('hono').Context, assets: ReadonlyMap<string, Asset>, name: string, status: 200 | 401): Response {
  noStore(c);
  const found = assets.get(name);
  return c.body(new Uint8Array(found?.body ?? Buffer.from('ois web: page missing')), status, { 'content-type': found?.type ?? 'text/plain; charset=utf-8' });
}

function asset(c: import('hono').Context, assets: ReadonlyMap<string, Asset>, name: string): Response {
  const found = assets.get(name);
  if (found === undefined || name.endsWith('.html')) return c.json({ error: { code: 'NOT_FOUND', message: 'no such file' } }, 404);
  noStore(c);
  return c.body(new Uint8Array(found.body), 200, { 'content-type': found.type });
}
