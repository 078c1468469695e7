/**
 * The room's HTTP API, as the page calls it (same origin; the session cookie goes by itself). The
 * shapes mirror the server's (src/core/web/*.ts, documented in docs/web.md "API"): the page is its own
 * compile unit, built for the browser, so it declares what it reads; test/web checks both ends together.
 */

export interface WakeRecord {
  status: 'delivered' | 'failed';
  peer: string;
  at: string;
  by: string;
  outcome?: string;
}

export interface EntryView {
  key: string;
  file: string;
  day: string;
  time: string;
  at: string | null;
  exact: boolean;
  name: string;
  author: string | null;
  authorKind: 'agent' | 'human' | null;
  /** Sanitized on the server (remark → rehype → rehype-sanitize). */
  html: string;
  mentions: string[];
  mentionsAll: boolean;
  mentionsMe: boolean;
  shape: string | null;
  stage?: 'written' | 'committed' | 'pushed';
  woken?: WakeRecord[];
  prevKey?: string | null;
}

export interface Member {
  id: string;
  name: string;
  kind: 'agent' | 'human';
}

export interface Session {
  team: string;
  human: { id: string; name: string } | null;
  clone: { id: string; name: string } | null;
  members: Member[];
  total: number;
  sync: string;
  csrfToken: string;
}

export interface EntryPage {
  entries: EntryView[];
  older: number | null;
  start: number;
  total: number;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly hint: string | null,
  ) {
    super(message);
  }
}

let csrf = '';

/** GET a JSON resource of the room. */
export async function getJson<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  const response = await fetch(search ? `${path}?${search}` : path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  return read<T>(response);
}

/** Opens the session: who is here, the members, and the CSRF token every write carries. */
export async function openSession(): Promise<Session> {
  const session = await getJson<Session>('/api/session');
  csrf = session.csrfToken;
  return session;
}

/** Posts a message (and files) as the room's person. */
export async function post(body: string, files: readonly File[]): Promise<{ id: string; file: string; at: string; attachments: string[] }> {
  const form = new FormData();
  form.set('body', body);
  for (const file of files) form.append('files', file, file.name);
  const response = await fetch('/api/post', { method: 'POST', body: form, credentials: 'same-origin', headers: { 'x-csrf-token': csrf } });
  return read(response);
}

async function read<T>(response: Response): Promise<T> {
  const data = (await response.json().catch(() => ({}))) as { error?: { message?: string; hint?: string | null } };
  if (!response.ok) throw new ApiError(data.error?.message ?? `HTTP ${response.status}`, response.status, data.error?.hint ?? null);
  return data as T;
}
