import { randomBytes } from 'node:crypto';
import { sameSecret } from '../../core/web/guard.js';

/** A browser that opened the room with the access token. */
export interface Session {
  id: string;
  /** Sent by the room's script with every write (X-CSRF-Token); never in a cookie. */
  csrf: string;
}

/** At most this many browsers at once; the oldest session goes first. */
const MAX_SESSIONS = 32;

/** 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The room's access token (printed in its URL, Jupyter-style) and the sessions it was exchanged for.
 * Both live only in this process's memory: a restart makes a new token and forgets every session.
 */
export class Sessions {
  readonly token = newSecret();
  private readonly sessions = new Map<string, Session>();

  /** A new session, if `token` is the access token. */
  exchange(token: string | undefined): Session | undefined {
    if (token === undefined || !sameSecret(token, this.token)) return undefined;
    const session = { id: newSecret(), csrf: newSecret() };
    this.sessions.set(session.id, session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    return session;
  }

  find(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    for (const [key, session] of this.sessions) if (sameSecret(id, key)) return session;
    return undefined;
  }
}
