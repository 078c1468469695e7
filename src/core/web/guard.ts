/**
 * The request checks of `ois web` (pure, so that each is tested on its own; the HTTP adapter applies
 * them to every request). See docs/web.md, "Security model".
 */

/**
 * The Host header values the room answers to: the bound address and port, and `localhost` for a
 * loopback address. Anything else is refused (DNS rebinding: a hostile page whose name resolves to
 * 127.0.0.1 sends its own name as Host).
 *
 * @example allowedHosts('127.0.0.1', 8765) // ['127.0.0.1:8765', 'localhost:8765']
 * @example allowedHosts('::1', 8765) // ['[::1]:8765', 'localhost:8765']
 */
export function allowedHosts(host: string, port: number): string[] {
  const shown = host.includes(':') ? `[${host}]` : host;
  const hosts = [`${shown}:${port}`.toLowerCase()];
  if (isLoopback(host)) hosts.push(`localhost:${port}`);
  return hosts;
}

/** @example isLoopback('127.0.0.1') // true; isLoopback('0.0.0.0') // false */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** @example isAllowedHost('LOCALHOST:8765', allowedHosts('127.0.0.1', 8765)) // true */
export function isAllowedHost(header: string | undefined, allowed: readonly string[]): boolean {
  return header !== undefined && allowed.includes(header.trim().toLowerCase());
}

/** What a write (any method but GET/HEAD) must carry; the reason it is refused, or undefined. */
export interface WriteRequest {
  origin: string | undefined;
  /** `Sec-Fetch-Site`, sent by every current browser. */
  fetchSite: string | undefined;
  /** The `X-CSRF-Token` header. */
  csrfToken: string | undefined;
}

/**
 * A write is allowed only from the room itself: its Origin is one of the room's (`http://` + an
 * allowed host), `Sec-Fetch-Site` (when sent) is `same-origin`, and it carries the session's CSRF
 * token, which only the room's own script can read. The session cookie alone is never enough.
 *
 * @example checkWrite({ origin: 'http://evil.example', fetchSite: 'cross-site', csrfToken: 't' }, hosts, 't') // 'cross-origin'
 */
export function checkWrite(request: WriteRequest, hosts: readonly string[], expectedCsrf: string): 'cross-origin' | 'no-csrf-token' | undefined {
  const origin = request.origin?.toLowerCase();
  if (origin === undefined || !hosts.some((host) => origin === `http://${host}`)) return 'cross-origin';
  if (request.fetchSite !== undefined && request.fetchSite !== 'same-origin') return 'cross-origin';
  if (request.csrfToken === undefined || !sameSecret(request.csrfToken, expectedCsrf)) return 'no-csrf-token';
  return undefined;
}

/**
 * Compares two secrets in time that depends only on their lengths (no early exit on the first
 * difference), so response times tell nothing about how much of a guess was right.
 *
 * @example sameSecret('abc', 'abc') // true
 */
export function sameSecret(given: string, expected: string): boolean {
  let difference = given.length === expected.length ? 0 : 1;
  for (let i = 0; i < expected.length; i += 1) difference |= (given.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
  return difference === 0 && expected.length > 0;
}
