/**
 * A test double of an OpenClaw Gateway (2026.9.6) on 127.0.0.1, answering as ../shared/OPENCLAW.md
 * says, error cases included: `POST /tools/invoke` (bearer gateway token, HTTP tool deny list,
 * `sessions_send` with its 200-with-status-error quirks), `POST /hooks/wake` (separate hooks token),
 * `GET /healthz`, 400/401/404/405/413/429, plus faults (hang, hold, slow, garbage, reset).
 * Every request is recorded (without its token) so that tests and demos can show what arrived.
 *
 * @example
 * const gw = await startFakeGateway({ allowTools: ['sessions_send'] });
 * // … point a peer at gw.url with gw.token …
 * expect(gw.deliveries.map((d) => d.message)).toEqual([…]);
 * await gw.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeFault =
  | { kind: 'none' }
  /** Reads the request and never answers (until close). */
  | { kind: 'hang' }
  /** Answers only when `release()` is called. */
  | { kind: 'hold' }
  /** Answers normally after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** 200 with an HTML body that is not JSON (echoing the Authorization header, as a bad proxy might). */
  | { kind: 'garbage' }
  /** Destroys the connection after reading the request. */
  | { kind: 'reset' }
  /** The next `times` POSTs get 429 with `Retry-After`, even with the right token (a lockout). */
  | { kind: 'rate-limit'; retryAfterSeconds: number; times: number };

export interface FakeGatewayOptions {
  /** The gateway token (gateway.auth.token). */
  token?: string;
  /** The hooks token; hooks are disabled (404) without one. */
  hooksToken?: string | undefined;
  /** Tools allowed over HTTP besides the defaults; `sessions_send` is denied unless listed. */
  allowTools?: string[];
  /** Session keys that exist. Default `['agent:main:main']`. */
  sessions?: string[];
  fault?: FakeFault;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  /** Which token came with it; the token itself is never recorded. */
  auth: 'gateway' | 'hooks' | 'other' | 'none';
  body: string;
  /** The parsed body, when it was JSON. */
  json?: unknown;
}

export interface Delivery {
  via: 'sessions_send' | 'hooks';
  sessionKey?: string;
  message: string;
}

export interface FakeGateway {
  readonly url: string;
  readonly token: string;
  readonly hooksToken: string | undefined;
  /** Every request, in arrival order (recorded before any fault applies). */
  readonly received: ReceivedRequest[];
  /** What a real Gateway would have delivered to a session. */
  readonly deliveries: Delivery[];
  setFault(fault: FakeFault): void;
  /** Answers every request held by the `hold` fault. */
  release(): void;
  /** Resolves when `predicate` holds, checked when each request arrives and when it is answered; rejects after `timeoutMs`. */
  waitFor(predicate: (gw: FakeGateway) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_ALLOWED = ['session_status', 'sessions_list', 'sessions_history', 'agents_list'];
const BODY_LIMIT = 2 * 1024 * 1024;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export async function startFakeGateway(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const token = options.token ?? 'gw-secret-token-0123456789';
  const hooksToken = options.hooksToken;
  const allowed = new Set([...DEFAULT_ALLOWED, ...(options.allowTools ?? [])]);
  const sessions = new Set(options.sessions ?? ['agent:main:main']);
  let fault: FakeFault = options.fault ?? { kind: 'none' };
  const received: ReceivedRequest[] = [];
  const deliveries: Delivery[] = [];
  const held: Array<() => void> = [];
  const timers = new Set<NodeJS.Timeout>();
  const listeners = new Set<() => void>();
  const sockets = new Set<Socket>();
  let runs = 0;

  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const { text, tooLarge } = await readBody(req);
    const auth = classifyAuth(req.headers.authorization);
    const json = parseJson(text);
    received.push(json === undefined ? { method, path, auth, body: text } : { method, path, auth, body: text, json });
    for (const listener of listeners) listener();

    if (method === 'GET' && path === '/healthz') return send(res, { status: 200, body: { ok: true, status: 'live' } });
    if (method === 'GET' && path === '/readyz') return send(res, { status: 200, body: { ok: true } });
    if (path !== '/tools/invoke' && path !== '/hooks/wake') return sendText(res, 404, 'Not Found');
    if (path === '/hooks/wake' && hooksToken === undefined) return sendText(res, 404, 'Not Found');
    if (method !== 'POST') return sendText(res, 405, 'Method Not Allowed', { allow: 'POST' });

    const current = fault;
    if (current.kind === 'hang') return; // the socket stays open until close()
    if (current.kind === 'reset') return void req.socket.destroy();
    if (current.kind === 'garbage') {
      return sendText(res, 200, `<html><body>502 upstream said ${req.headers.authorization ?? ''}</body></html>`);
    }
    if (current.kind === 'rate-limit' && current.times > 0) {
      fault = current.times > 1 ? { ...current, times: current.times - 1 } : { kind: 'none' };
      const body = { error: { message: 'Too many failed authentication attempts. Try again later.', type: 'rate_limited' } };
      return send(res, { status: 429, body, headers: { 'retry-after': String(current.retryAfterSeconds) } });
    }
    const answer = path === '/hooks/wake' ? hooks(auth, text, json, tooLarge) : invoke(auth, text, json, tooLarge);
    // Checked again once the request is answered: a waitFor on `deliveries` must see this one.
    for (const listener of listeners) listener();
    if (current.kind === 'hold') held.push(() => send(res, answer));
    else if (current.kind === 'slow') later(current.delayMs, () => send(res, answer));
    else send(res, answer);
  }

  function invoke(auth: ReceivedRequest['auth'], text: string, json: unknown, tooLarge: boolean): Answer {
    if (auth !== 'gateway') return { status: 401, body: { error: { message: 'Unauthorized', type: 'unauthorized' } } };
    if (tooLarge) return { status: 413, body: { error: { message: 'Payload too large', type: 'invalid_request_error' } } };
    if (!isRecord(json)) {
      const message = `Invalid JSON body: ${text.slice(0, 40)}`;
      return { status: 400, body: { error: { message, type: 'invalid_request_error' } } };
    }
    if (typeof json.tool !== 'string' || json.tool === '') {
      return { status: 400, body: { ok: false, error: { type: 'invalid_request', message: 'tools.invoke requires body.tool' } } };
    }
    if (!allowed.has(json.tool)) {
      return { status: 404, body: { ok: false, error: { type: 'not_found', message: `Tool not available: ${json.tool}` } } };
    }
    const args = isRecord(json.args) ? json.args : {};
    if (json.tool !== 'sessions_send') return toolResult({ status: 'ok', tool: json.tool });
    if (typeof args.message !== 'string' || typeof args.sessionKey !== 'string') {
      return { status: 400, body: { ok: false, error: { type: 'tool_error', message: 'sessionKey and message are required' } } };
    }
    // OpenClaw defaults timeoutSeconds to 30, which needs a calling session: none over HTTP.
    if (args.timeoutSeconds !== 0) {
      return toolResult({ status: 'error', error: 'sessions_send cannot target the calling session' });
    }
    if (!sessions.has(args.sessionKey)) return toolResult({ status: 'error', error: `No session found: ${args.sessionKey}` });
    runs += 1;
    deliveries.push({ via: 'sessions_send', sessionKey: args.sessionKey, message: args.message });
    return toolResult({
      runId: `run-${runs}`,
      status: 'accepted',
      sessionKey: args.sessionKey,
      targetDisposition: 'queued',
      delivery: { status: 'pending', mode: 'announce' },
    });
  }

  function hooks(auth: ReceivedRequest['auth'], _text: string, json: unknown, tooLarge: boolean): Answer {
    if (auth !== 'hooks') return { status: 401, body: { error: { message: 'Unauthorized', type: 'unauthorized' } } };
    if (tooLarge) return { status: 413, body: { error: { message: 'Payload too large', type: 'invalid_request_error' } } };
    if (!isRecord(json) || typeof json.text !== 'string' || json.text.trim() === '') {
      return { status: 400, body: { ok: false, error: 'text required' } };
    }
    deliveries.push({ via: 'hooks', message: json.text });
    return { status: 200, body: { ok: true, mode: json.mode === 'next-heartbeat' ? 'next-heartbeat' : 'now', eventOutcome: 'queued' } };
  }

  function classifyAuth(header: string | undefined): ReceivedRequest['auth'] {
    if (header === undefined) return 'none';
    if (header === `Bearer ${token}`) return 'gateway';
    if (hooksToken !== undefined && header === `Bearer ${hooksToken}`) return 'hooks';
    return 'other';
  }

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  }

  const gateway: FakeGateway = {
    url: `http://127.0.0.1:${port}`,
    token,
    hooksToken,
    received,
    deliveries,
    setFault: (next) => {
      fault = next;
    },
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
    waitFor: (predicate, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(gateway)) return resolve();
        const check = (): void => {
          if (!predicate(gateway)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake gateway: condition not met within ${timeoutMs} ms (${received.length} requests)`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
      }),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      held.length = 0;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  return gateway;
}

function toolResult(details: Record<string, unknown>): Answer {
  return { status: 200, body: { ok: true, result: { content: [{ type: 'text', text: JSON.stringify(details) }], details } } };
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

/** Reads up to the 2 MB limit; past it, drains and drops the rest so that the 413 can be read. */
async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= BODY_LIMIT) chunks.push(chunk as Buffer);
  }
  return size > BODY_LIMIT ? { text: '', tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8'), tooLarge: false };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
