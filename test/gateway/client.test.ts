import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayClient, type GatewayClient } from '../../src/adapters/gateway.js';
import { describeOutcome } from '../../src/core/wake/describe.js';
import { buildInvokeBody } from '../../src/core/wake/request.js';
import { startFakeGateway, type FakeGateway, type FakeGatewayOptions } from '../helpers/fake-gateway.js';

const peer = { session: 'agent:main:main' };
let gateways: FakeGateway[] = [];
let client: GatewayClient;

async function gateway(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const gw = await startFakeGateway({ allowTools: ['sessions_send'], hooksToken: 'hooks-secret-token-42', ...options });
  gateways.push(gw);
  return gw;
}
function newClient(timeoutMs = 5_000): GatewayClient {
  client = createGatewayClient({ timeoutMs, connectTimeoutMs: 2_000 });
  return client;
}

afterEach(async () => {
  await client?.close();
  await Promise.all(gateways.map((gw) => gw.close()));
  gateways = [];
});

describe('gateway client against the fake Gateway', () => {
  it('delivers a sessions_send with timeoutSeconds 0 and no top-level sessionKey', async () => {
    const gw = await gateway();
    const outcome = await newClient().invoke(gw.url, gw.token, buildInvokeBody(peer, 'hello'));
    expect(outcome).toEqual({ kind: 'delivered' });
    expect(gw.deliveries).toEqual([{ via: 'sessions_send', sessionKey: 'agent:main:main', message: 'hello' }]);
    expect(gw.received[0]?.json).toEqual({ tool: 'sessions_send', args: { sessionKey: 'agent:main:main', message: 'hello', timeoutSeconds: 0 } });
    expect(gw.received[0]?.auth).toBe('gateway');
  });

  it('warmed ahead (twice: one load): no request until a call, and the call delivers', async () => {
    const gw = await gateway();
    const c = newClient();
    await Promise.all([c.warm(), c.warm()]);
    expect(gw.received).toEqual([]);
    expect(await c.invoke(gw.url, gw.token, buildInvokeBody(peer, 'warm'))).toEqual({ kind: 'delivered' });
    expect(gw.deliveries.map((d) => d.message)).toEqual(['warm']);
  });

  it('reports 200 with details.status error as rejected, with OpenClaw’s message', async () => {
    const gw = await gateway();
    const c = newClient();
    expect(await c.invoke(gw.url, gw.token, buildInvokeBody({ session: 'agent:main:nope' }, 'x'))).toEqual({
      kind: 'rejected',
      message: 'No session found: agent:main:nope',
    });
    const noTimeout = { tool: 'sessions_send', args: { sessionKey: 'agent:main:main', message: 'x' } };
    expect(await c.invoke(gw.url, gw.token, noTimeout)).toEqual({ kind: 'rejected', message: 'sessions_send cannot target the calling session' });
    expect(gw.deliveries).toEqual([]);
  });

  it('reports a wrong token as unauthorized, the hooks token included', async () => {
    const gw = await gateway();
    const c = newClient();
    expect(await c.invoke(gw.url, 'wrong-token-1234', buildInvokeBody(peer, 'x'))).toEqual({ kind: 'unauthorized' });
    expect(await c.invoke(gw.url, 'hooks-secret-token-42', buildInvokeBody(peer, 'x'))).toEqual({ kind: 'unauthorized' });
  });

  it('reports the default deny list as tool-not-allowed, with the gateway.tools.allow advice', async () => {
    const gw = await gateway({ allowTools: [] });
    const outcome = await newClient().invoke(gw.url, gw.token, buildInvokeBody(peer, 'x'));
    expect(outcome).toEqual({ kind: 'tool-not-allowed', tool: 'sessions_send' });
    expect(describeOutcome('bob', outcome)).toContain('add "sessions_send" to gateway.tools.allow');
  });

  it('reads 429 Retry-After', async () => {
    const gw = await gateway({ fault: { kind: 'rate-limit', retryAfterSeconds: 60, times: 1 } });
    expect(await newClient().invoke(gw.url, gw.token, buildInvokeBody(peer, 'x'))).toEqual({ kind: 'rate-limited', retryAfterMs: 60_000 });
  });

  it('reports a 413 for a body over 2 MB', async () => {
    const gw = await gateway();
    const outcome = await newClient().invoke(gw.url, gw.token, buildInvokeBody(peer, 'x'.repeat(2 * 1024 * 1024 + 10)));
    expect(outcome).toEqual({ kind: 'http-error', status: 413, message: 'Payload too large' });
  });

  it('times out on a Gateway that never answers', async () => {
    const gw = await gateway({ fault: { kind: 'hang' } });
    expect(await newClient(300).invoke(gw.url, gw.token, buildInvokeBody(peer, 'x'))).toEqual({ kind: 'timeout' });
    expect(gw.received).toHaveLength(1);
  });

  it('waits for a slow Gateway within the timeout', async () => {
    const gw = await gateway({ fault: { kind: 'slow', delayMs: 50 } });
    expect(await newClient().invoke(gw.url, gw.token, buildInvokeBody(peer, 'x'))).toEqual({ kind: 'delivered' });
  });

  it('reports a garbage answer as malformed, without echoing the token', async () => {
    const gw = await gateway({ fault: { kind: 'garbage' } });
    const outcome = await newClient().invoke(gw.url, gw.token, buildInvokeBody(peer, 'x'));
    expect(outcome.kind).toBe('malformed');
    expect(JSON.stringify(outcome)).toContain('[token]');
    expect(JSON.stringify(outcome)).not.toContain(gw.token);
  });

  it('reports a reset connection and a closed port as unreachable', async () => {
    const gw = await gateway({ fault: { kind: 'reset' } });
    const c = newClient();
    expect((await c.invoke(gw.url, gw.token, buildInvokeBody(peer, 'x'))).kind).toBe('unreachable');
    const port = await freePort();
    expect(await c.invoke(`http://127.0.0.1:${port}`, gw.token, buildInvokeBody(peer, 'x'))).toEqual({
      kind: 'unreachable',
      detail: 'connection refused (nothing listens on that port)',
    });
    expect(await c.invoke('ftp://127.0.0.1', gw.token, {})).toMatchObject({ kind: 'unreachable' });
  });

  it('answers aborted when the caller aborts', async () => {
    const gw = await gateway({ fault: { kind: 'hang' } });
    const abort = new AbortController();
    const pending = newClient().invoke(gw.url, gw.token, buildInvokeBody(peer, 'x'), { signal: abort.signal });
    await gw.waitFor((g) => g.received.length === 1);
    abort.abort();
    expect(await pending).toEqual({ kind: 'aborted' });
  });

  it('classifies the non-POST and malformed-JSON answers of a real Gateway', async () => {
    const gw = await gateway();
    const c = newClient();
    // The client always POSTs; these check the double and the classifier on the raw shapes.
    const res405 = await fetch(`${gw.url}/tools/invoke`);
    expect([res405.status, res405.headers.get('allow'), await res405.text()]).toEqual([405, 'POST', 'Method Not Allowed']);
    const res400 = await fetch(`${gw.url}/tools/invoke`, { method: 'POST', headers: { authorization: `Bearer ${gw.token}` }, body: '{nope' });
    expect(res400.status).toBe(400);
    expect(((await res400.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    expect(await c.invoke(gw.url, gw.token, {})).toEqual({ kind: 'http-error', status: 400, message: 'tools.invoke requires body.tool' });
    const health = await fetch(`${gw.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, status: 'live' });
  });

  describe('hooks mode', () => {
    it('posts {text, mode: now} with the hooks token', async () => {
      const gw = await gateway();
      expect(await newClient().hooksWake(gw.url, 'hooks-secret-token-42', 'wake up')).toEqual({ kind: 'delivered' });
      expect(gw.received[0]?.json).toEqual({ text: 'wake up', mode: 'now' });
      expect(gw.deliveries).toEqual([{ via: 'hooks', message: 'wake up' }]);
    });

    it('refuses the gateway token and a wrong token', async () => {
      const gw = await gateway();
      const c = newClient();
      expect(await c.hooksWake(gw.url, gw.token, 'x')).toEqual({ kind: 'unauthorized' });
      expect(await c.hooksWake(gw.url, 'nope-1234', 'x')).toEqual({ kind: 'unauthorized' });
      expect(gw.deliveries).toEqual([]);
    });

    it('says hooks are not enabled on a 404', async () => {
      const gw = await gateway({ hooksToken: undefined });
      const outcome = await newClient().hooksWake(gw.url, 'hooks-secret-token-42', 'x');
      expect(outcome).toMatchObject({ kind: 'http-error', status: 404 });
      expect(describeOutcome('bob', outcome, { mode: 'hooks' })).toContain('"hooks": {"enabled": true');
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
