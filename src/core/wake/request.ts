import type { Agent } from '../registry/types.js';

/** The JSON body of a `POST /tools/invoke` wake. */
export interface InvokeBody {
  tool: 'sessions_send';
  args: { sessionKey: string; message: string; timeoutSeconds: 0 };
}

/** The JSON body of a `POST /hooks/wake`. */
export interface HooksBody {
  text: string;
  mode: 'now';
}

/**
 * The `sessions_send` call that wakes `peer`: fire-and-forget (`timeoutSeconds: 0`), to the peer's
 * session key. No top-level `sessionKey`: that would name the *calling* session.
 *
 * @example buildInvokeBody({ session: 'agent:main:main' }, 'hi')
 * // { tool: 'sessions_send', args: { sessionKey: 'agent:main:main', message: 'hi', timeoutSeconds: 0 } }
 */
export function buildInvokeBody(peer: Pick<Agent, 'session'>, message: string): InvokeBody {
  return { tool: 'sessions_send', args: { sessionKey: peer.session, message, timeoutSeconds: 0 } };
}

/**
 * The body of a hooks wake.
 *
 * @example buildHooksBody('hi') // { text: 'hi', mode: 'now' }
 */
export function buildHooksBody(message: string): HooksBody {
  return { text: message, mode: 'now' };
}

/**
 * The endpoint for a Gateway base URL and a wake mode, or undefined when the base is not an http(s)
 * URL. A path in the base is kept (a Gateway behind a reverse proxy prefix).
 *
 * @example wakeEndpoint('http://127.0.0.1:18789', 'invoke') // 'http://127.0.0.1:18789/tools/invoke'
 * @example wakeEndpoint('https://gw.example/team/', 'hooks') // 'https://gw.example/team/hooks/wake'
 */
export function wakeEndpoint(base: string, mode: Agent['wake']): string | undefined {
  const url = normalizeGatewayUrl(base);
  if (url === undefined) return undefined;
  return `${url}${mode === 'hooks' ? '/hooks/wake' : '/tools/invoke'}`;
}

/**
 * A Gateway base URL in one canonical form (lower-case scheme and host, default port dropped, no
 * trailing slash, no query or fragment), so that trust pins compare equal; undefined if not http(s)
 * or if it carries credentials.
 *
 * @example normalizeGatewayUrl('HTTP://Host:80/') // 'http://host'
 */
export function normalizeGatewayUrl(base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
