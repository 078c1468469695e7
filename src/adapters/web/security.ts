import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { checkWrite, isAllowedHost } from '../../core/web/guard.js';
import type { Session, Sessions } from './sessions.js';

/** Variables the middlewares set on a request's context. */
export interface WebEnv {
  Variables: { session: Session };
}

/** Refuses a request whose Host header is not the room's own address (DNS rebinding). */
export function hostCheck(hosts: () => readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (!isAllowedHost(c.req.header('host'), hosts())) return c.text('ois web: this address is not the room\'s (Host header refused)\n', 421);
    await next();
  };
}

/**
 * The page's headers: a strict Content-Security-Policy (scripts and styles from the room itself
 * only, no inline script, HTML insertion only through the page's one Trusted Types policy; images
 * from the room; no frames, no plugins, no form posts elsewhere), no framing, no referrer.
 */
export function pageHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      requireTrustedTypesFor: ["'script'"],
      trustedTypes: ['ois-room'],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
}

/** The name of the session cookie: per port, since browsers share cookies between the ports of a host. */
export const cookieName = (port: number): string => `ois_room_${port}`;

/** Lets through only requests with a live session cookie (401 otherwise); sets `session`. */
export function requireSession(sessions: Sessions, port: () => number): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const session = sessions.find(getCookie(c, cookieName(port())));
    if (session === undefined) return c.json({ error: { code: 'UNAUTHORIZED', message: 'open the room with the URL ois web printed (it carries the access token)' } }, 401);
    c.set('session', session);
    await next();
  };
}

/** Every request that is not GET/HEAD must come from the room's own page, with the session's CSRF token. */
export function writeGuard(hosts: () => readonly string[]): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const refused = checkWrite(
        { origin: c.req.header('origin'), fetchSite: c.req.header('sec-fetch-site'), csrfToken: c.req.header('x-csrf-token') },
        hosts(),
        c.get('session').csrf,
      );
      if (refused !== undefined) return c.json({ error: { code: 'FORBIDDEN', message: refused === 'cross-origin' ? 'a write from another site' : 'a write without the page\'s CSRF token' } }, 403);
    }
    await next();
  };
}

/** No caching of anything the room answers (it is all live or private). */
export function noStore(c: Context): void {
  c.header('cache-control', 'no-store');
}
