import { parseRetryAfter } from './backoff.js';
import type { WakeOutcome } from './outcome.js';

/** What the HTTP client read of one answer; the body already bounded in size. */
export interface RawAnswer {
  status: number;
  /** The `Retry-After` header, if any. */
  retryAfter?: string | undefined;
  body: string;
  /** Current time in ms (to read a `Retry-After` date). */
  nowMs: number;
}

/**
 * Classifies an answer of `POST /tools/invoke` to a `sessions_send` call. Delivered means HTTP 200 and
 * `result.details.status == "accepted"`; OpenClaw reports many failures as 200 with status "error".
 *
 * @example classifyInvokeAnswer({ status: 404, body: '{"ok":false,"error":{"type":"not_found","message":"Tool not available: sessions_send"}}', nowMs: 0 })
 * // { kind: 'tool-not-allowed', tool: 'sessions_send' }
 */
export function classifyInvokeAnswer(answer: RawAnswer): WakeOutcome {
  const json = parseJson(answer.body);
  if (answer.status === 200) return classifyInvokeResult(json, answer.body);
  if (answer.status === 404) {
    const tool = /Tool not available: (\S+)/.exec(errorMessage(json) ?? '')?.[1];
    if (tool !== undefined) return { kind: 'tool-not-allowed', tool };
  }
  return classifyFailure(answer, json);
}

/**
 * Classifies an answer of `POST /hooks/wake`: delivered on 200 `{"ok":true}` (`eventOutcome` queued or
 * coalesced).
 *
 * @example classifyHooksAnswer({ status: 200, body: '{"ok":true,"mode":"now","eventOutcome":"queued"}', nowMs: 0 })
 * // { kind: 'delivered' }
 */
export function classifyHooksAnswer(answer: RawAnswer): WakeOutcome {
  const json = parseJson(answer.body);
  if (answer.status === 200) {
    if (!isRecord(json)) return malformed(answer.body);
    if (json.ok === true) return { kind: 'delivered' };
    return { kind: 'rejected', message: errorMessage(json) ?? 'the Gateway answered ok: false' };
  }
  if (answer.status === 404) {
    return { kind: 'http-error', status: 404, message: 'no /hooks/wake here (hooks not enabled, or another hooks path)' };
  }
  return classifyFailure(answer, json);
}

function classifyInvokeResult(json: unknown, body: string): WakeOutcome {
  if (!isRecord(json)) return malformed(body);
  if (json.ok === false) return { kind: 'rejected', message: errorMessage(json) ?? 'the Gateway answered ok: false' };
  const result = json.result;
  if (!isRecord(result)) return { kind: 'malformed', detail: 'a 200 answer without a result' };
  const details = isRecord(result.details) ? result.details : detailsFromContent(result.content);
  if (details === undefined || typeof details.status !== 'string') {
    return { kind: 'malformed', detail: 'a 200 answer without result.details.status' };
  }
  // `ok` is what sessions_send reports when it waited for a reply (timeoutSeconds > 0): delivered too.
  if (details.status === 'accepted' || details.status === 'ok') return { kind: 'delivered' };
  const message = firstString(details.error, details.message, details.reason) ?? `status "${details.status}"`;
  return { kind: 'rejected', message: clean(message) };
}

/** Older Gateways put the details only in `content[0].text` as a JSON string. */
function detailsFromContent(content: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const part of content) {
    if (isRecord(part) && typeof part.text === 'string') {
      const parsed = parseJson(part.text);
      if (isRecord(parsed)) return parsed;
    }
  }
  return undefined;
}

function classifyFailure(answer: RawAnswer, json: unknown): WakeOutcome {
  switch (answer.status) {
    case 401:
      return { kind: 'unauthorized' };
    case 403:
      return { kind: 'forbidden' };
    case 429: {
      const retryAfterMs = parseRetryAfter(answer.retryAfter, answer.nowMs);
      return retryAfterMs === undefined ? { kind: 'rate-limited' } : { kind: 'rate-limited', retryAfterMs };
    }
    default: {
      const message = errorMessage(json) ?? (snippet(answer.body) || `HTTP ${answer.status}`);
      return { kind: 'http-error', status: answer.status, message };
    }
  }
}

/** The message of any of the Gateway's error shapes: `{error:{message}}`, `{ok:false,error:{message}}`, `{error:"…"}`. */
function errorMessage(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined;
  const error = json.error;
  if (typeof error === 'string') return clean(error);
  if (isRecord(error)) {
    const message = firstString(error.message, error.type);
    if (message !== undefined) return clean(message);
  }
  const message = firstString(json.message);
  return message === undefined ? undefined : clean(message);
}

function malformed(body: string): WakeOutcome {
  const text = snippet(body);
  return { kind: 'malformed', detail: text ? `not an OpenClaw answer: "${text}"` : 'an empty answer' };
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

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** A short, single-line, printable excerpt (the body may be anything). */
function snippet(text: string): string {
  const line = clean(text);
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 500);
}
