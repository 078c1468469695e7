/**
 * The HTTP client for OpenClaw Gateways: the only importer of undici. One shared connection pool,
 * a connect timeout and a total timeout on every call, abort support, no redirects followed. Every
 * HTTP or network problem comes back as a classified {@link WakeOutcome}: nothing here throws for them,
 * and no outcome carries the token.
 */
import type { Agent } from 'undici';
import { classifyHooksAnswer, classifyInvokeAnswer, type RawAnswer } from '../core/wake/classify.js';
import type { WakeOutcome } from '../core/wake/outcome.js';
import { buildHooksBody, wakeEndpoint } from '../core/wake/request.js';
import { probeHealth } from './health.js';

export interface GatewayClientOptions {
  /** Time allowed to open a connection. Default 3 s. */
  connectTimeoutMs?: number;
  /** Time allowed for a whole call, connect to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Answers are read up to this size, the rest dropped. Default 64 KiB. */
  maxAnswerBytes?: number;
  /** Connections kept per Gateway. Default 4. */
  connectionsPerOrigin?: number;
  /** Clock, for `Retry-After` dates. Default `Date.now`. */
  now?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's total timeout for this call. */
  timeoutMs?: number;
}

export interface GatewayClient {
  /** `POST <base>/tools/invoke` with `Authorization: Bearer <token>` and `body` as JSON. */
  invoke(gatewayUrl: string, token: string, body: unknown, options?: CallOptions): Promise<WakeOutcome>;
  /** `POST <base>/hooks/wake` with the hooks token and `{"text","mode":"now"}`. */
  hooksWake(gatewayUrl: string, hooksToken: string, text: string, options?: CallOptions): Promise<WakeOutcome>;
  /**
   * `POST <base>/hooks/wake` with the hooks token and no text: OpenClaw checks the token first, then
   * answers 400 "text required" without waking anyone (401 for a wrong token, 404 without hooks).
   */
  hooksProbe(gatewayUrl: string, hooksToken: string, options?: CallOptions): Promise<WakeOutcome>;
  /**
   * `GET <base>/healthz` without any token: whether something answers there (for a Gateway ois must
   * not, or cannot, send a token to). Never throws.
   */
  health(gatewayUrl: string, options?: { timeoutMs?: number }): Promise<{ reachable: boolean; status?: number; detail?: string }>;
  /**
   * Loads the HTTP library now rather than on the first call (a watcher does it once idle: the first
   * wake of a burst then does not also pay for loading it, on cores a dozen watchers share). Never throws.
   */
  warm(): Promise<void>;
  /** Drops every connection, aborting calls still running. */
  close(): Promise<void>;
}

/**
 * A client with its own pool. Create one per process and share it.
 *
 * @example
 * const client = createGatewayClient({ timeoutMs: 5000 });
 * const outcome = await client.invoke('http://127.0.0.1:18789', token, buildInvokeBody(peer, text));
 * if (outcome.kind !== 'delivered') log(describeOutcome(peer.id, outcome));
 * await client.close();
 */
export function createGatewayClient(options: GatewayClientOptions = {}): GatewayClient {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
  const defaultTimeoutMs = options.timeoutMs ?? 10_000;
  const maxAnswerBytes = options.maxAnswerBytes ?? 64 * 1024;
  const now = options.now ?? Date.now;
  // undici is loaded on the first call: most ois commands never wake anyone, and start faster without it.
  let pool: Promise<{ agent: Agent; request: typeof import('undici').request }> | undefined;
  const load = (): NonNullable<typeof pool> =>
    (pool ??= import('undici').then(({ Agent: UndiciAgent, request }) => ({
      agent: new UndiciAgent({
        connect: { timeout: connectTimeoutMs },
        connections: options.connectionsPerOrigin ?? 4,
        keepAliveTimeout: 10_000,
      }),
      request,
    })));

  async function post(
    endpoint: string | undefined,
    token: string,
    body: unknown,
    classify: (answer: RawAnswer) => WakeOutcome,
    call: CallOptions,
  ): Promise<WakeOutcome> {
    if (endpoint === undefined) {
      return { kind: 'unreachable', detail: 'the Gateway URL is not an http(s) URL (without user:password@)' };
    }
    // eslint-disable-next-line no-control-regex -- control characters are what this check looks for
    if (token === '' || /[\s\u0000-\u001f\u007f]/.test(token)) {
      return { kind: 'not-sent', code: 'TOKEN_MISSING', message: 'the token is empty or contains spaces or control characters.' };
    }
    if (call.signal?.aborted) return { kind: 'aborted' };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, call.timeoutMs ?? defaultTimeoutMs);
    const onAbort = (): void => controller.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { agent, request } = await load();
      const response = await request(endpoint, {
        method: 'POST',
        dispatcher: agent,
        signal: controller.signal,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await readBounded(response.body, maxAnswerBytes);
      const retryAfter = response.headers['retry-after'];
      const outcome = classify({
        status: response.statusCode,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        body: redact(text, token),
        nowMs: now(),
      });
      return redactOutcome(outcome, token);
    } catch (error) {
      if (timedOut) return { kind: 'timeout' };
      if (call.signal?.aborted) return { kind: 'aborted' };
      return { kind: 'unreachable', detail: redact(networkDetail(error, connectTimeoutMs), token) };
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    invoke: (gatewayUrl, token, body, call = {}) =>
      post(wakeEndpoint(gatewayUrl, 'invoke'), token, body, classifyInvokeAnswer, call),
    hooksWake: (gatewayUrl, hooksToken, text, call = {}) =>
      post(wakeEndpoint(gatewayUrl, 'hooks'), hooksToken, buildHooksBody(text), classifyHooksAnswer, call),
    hooksProbe: (gatewayUrl, hooksToken, call = {}) => post(wakeEndpoint(gatewayUrl, 'hooks'), hooksToken, { mode: 'now' }, classifyHooksAnswer, call),
    health: (gatewayUrl, call = {}) => probeHealth(gatewayUrl, call.timeoutMs ?? defaultTimeoutMs),
    warm: () => load().then(
      () => undefined,
      () => undefined,
    ),
    close: async () => {
      if (pool) await (await pool).agent.destroy();
    },
  };
}

/** Reads at most `limit` bytes of an answer and drops the rest (a garbage answer may be endless). */
async function readBounded(body: AsyncIterable<unknown> & { destroy(): unknown }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens on that port)',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was reset',
  UND_ERR_SOCKET: 'the connection was closed before an answer',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

function networkDetail(error: unknown, connectTimeoutMs: number): string {
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | undefined)?.cause);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `no connection within ${connectTimeoutMs} ms`;
  if (code !== undefined && NETWORK_CODES[code] !== undefined) return NETWORK_CODES[code];
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${message} (${code})`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Belt and braces: an answer or an error message could echo the Authorization header back. */
function redact(text: string, token: string): string {
  return token.length < 4 ? text : text.split(token).join('[token]');
}

function redactOutcome(outcome: WakeOutcome, token: string): WakeOutcome {
  switch (outcome.kind) {
    case 'unreachable':
    case 'malformed':
      return { ...outcome, detail: redact(outcome.detail, token) };
    case 'rejected':
    case 'http-error':
    case 'not-sent':
      return { ...outcome, message: redact(outcome.message, token) };
    default:
      return outcome;
  }
}
