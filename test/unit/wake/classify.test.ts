import { describe, expect, it } from 'vitest';
import { classifyHooksAnswer, classifyInvokeAnswer } from '../../../src/core/wake/classify.js';

const invoke = (status: number, body: unknown, retryAfter?: string) =>
  classifyInvokeAnswer({ status, body: typeof body === 'string' ? body : JSON.stringify(body), retryAfter, nowMs: 0 });
const result = (details: Record<string, unknown>) => ({ ok: true, result: { content: [{ type: 'text', text: JSON.stringify(details) }], details } });

describe('classifyInvokeAnswer', () => {
  it('is delivered only on 200 with details.status accepted', () => {
    expect(invoke(200, result({ status: 'accepted', runId: 'r' }))).toEqual({ kind: 'delivered' });
    expect(invoke(200, result({ status: 'error', error: 'No session found: agent:main:nope' }))).toEqual({
      kind: 'rejected',
      message: 'No session found: agent:main:nope',
    });
  });

  it('reads the details from content[0].text when details are absent', () => {
    const body = { ok: true, result: { content: [{ type: 'text', text: JSON.stringify({ status: 'accepted' }) }] } };
    expect(invoke(200, body)).toEqual({ kind: 'delivered' });
  });

  it('calls a 200 without a status or without JSON malformed', () => {
    expect(invoke(200, { ok: true, result: {} }).kind).toBe('malformed');
    expect(invoke(200, '<html>hello</html>')).toEqual({ kind: 'malformed', detail: 'not an OpenClaw answer: "<html>hello</html>"' });
    expect(invoke(200, '')).toEqual({ kind: 'malformed', detail: 'an empty answer' });
  });

  it('reads the three error shapes and plain text', () => {
    expect(invoke(400, { error: { message: 'Unexpected token', type: 'invalid_request_error' } })).toEqual({ kind: 'http-error', status: 400, message: 'Unexpected token' });
    expect(invoke(400, { ok: false, error: { type: 'invalid_request', message: 'tools.invoke requires body.tool' } })).toEqual({
      kind: 'http-error',
      status: 400,
      message: 'tools.invoke requires body.tool',
    });
    expect(invoke(405, 'Method Not Allowed')).toEqual({ kind: 'http-error', status: 405, message: 'Method Not Allowed' });
    expect(invoke(500, { ok: false, error: { type: 'tool_error', message: 'tool execution failed' } })).toMatchObject({ status: 500 });
  });

  it('maps 401, 403, denied tools and 429 with Retry-After', () => {
    expect(invoke(401, { error: { message: 'Unauthorized', type: 'unauthorized' } })).toEqual({ kind: 'unauthorized' });
    expect(invoke(403, '')).toEqual({ kind: 'forbidden' });
    expect(invoke(404, { ok: false, error: { type: 'not_found', message: 'Tool not available: sessions_send' } })).toEqual({
      kind: 'tool-not-allowed',
      tool: 'sessions_send',
    });
    expect(invoke(429, { error: { type: 'rate_limited', message: 'Too many' } }, '7')).toEqual({ kind: 'rate-limited', retryAfterMs: 7000 });
    expect(invoke(429, '')).toEqual({ kind: 'rate-limited' });
  });

  it('treats a 404 that is not a tool answer as an HTTP error (wrong URL)', () => {
    expect(invoke(404, 'Not Found')).toEqual({ kind: 'http-error', status: 404, message: 'Not Found' });
  });

  it('keeps messages on one printable line', () => {
    expect(invoke(502, 'bad\u0000\ngateway\u001b[31m')).toEqual({ kind: 'http-error', status: 502, message: 'bad gateway [31m' });
  });
});

describe('classifyHooksAnswer', () => {
  const hooks = (status: number, body: string) => classifyHooksAnswer({ status, body, nowMs: 0 });
  it('is delivered on 200 ok:true, queued or coalesced', () => {
    expect(hooks(200, '{"ok":true,"mode":"now","eventOutcome":"queued"}')).toEqual({ kind: 'delivered' });
    expect(hooks(200, '{"ok":true,"mode":"now","eventOutcome":"coalesced"}')).toEqual({ kind: 'delivered' });
  });
  it('classifies failures', () => {
    expect(hooks(401, '{"error":{"message":"Unauthorized","type":"unauthorized"}}')).toEqual({ kind: 'unauthorized' });
    expect(hooks(404, 'Not Found')).toMatchObject({ kind: 'http-error', status: 404 });
    expect(hooks(200, 'nope').kind).toBe('malformed');
    expect(hooks(400, '{"ok":false,"error":"text required"}')).toEqual({ kind: 'http-error', status: 400, message: 'text required' });
  });
});
