import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../src/adapters/clock.js';
import { createGatewayClient, type GatewayClient } from '../../src/adapters/gateway.js';
import { createWakeDispatcher, type WakeDispatcher, type WakeReport } from '../../src/app/wake/dispatcher.js';
import { buildInvokeBody } from '../../src/core/wake/request.js';
import { startFakeGateway, type FakeGateway, type FakeGatewayOptions } from '../helpers/fake-gateway.js';

let gateways: FakeGateway[] = [];
let client: GatewayClient | undefined;
let dispatcher: WakeDispatcher<string[]> | undefined;

afterEach(async () => {
  await dispatcher?.close();
  await client?.close();
  await Promise.all(gateways.map((gw) => gw.close()));
  gateways = [];
  dispatcher = undefined;
});

async function gateway(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const gw = await startFakeGateway({ allowTools: ['sessions_send'], ...options });
  gateways.push(gw);
  return gw;
}

/** A dispatcher waking peers (id → fake Gateway) with the real client; payloads are lines of text. */
function dispatch(peers: Record<string, FakeGateway>, options: { timeoutMs?: number; maxAttempts?: number; sleeps?: number[] } = {}) {
  client = createGatewayClient({ timeoutMs: options.timeoutMs ?? 5_000 });
  const http = client;
  const reports: WakeReport<string[]>[] = [];
  const events: string[] = [];
  const waiters = new Set<() => void>();
  dispatcher = createWakeDispatcher<string[]>({
    clock: createClock(),
    random: Math.random,
    send: (id, lines, signal) => {
      const gw = peers[id];
      if (gw === undefined) throw new Error(`no peer ${id}`);
      return http.invoke(gw.url, gw.token, buildInvokeBody({ session: 'agent:main:main' }, lines.join('\n')), { signal });
    },
    merge: (a, b) => [...a, ...b],
    onReport: (report) => {
      reports.push(report);
      events.push(`${report.peerId}:${report.outcome.kind}`);
      for (const waiter of waiters) waiter();
    },
    ...(options.sleeps === undefined
      ? {}
      : { sleep: async (ms: number) => void options.sleeps?.push(ms) }),
    maxAttempts: options.maxAttempts ?? 3,
  });
  const reported = (count: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fewer than ${count} reports within 10 s: ${events.join(', ')}`)), 10_000);
      const check = (): void => {
        if (reports.length < count) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { wakes: dispatcher, reports, events, reported };
}

describe('wake dispatcher against fake Gateways', () => {
  it('delivers to a live peer while another peer hangs', async () => {
    const dead = await gateway({ fault: { kind: 'hang' } });
    const live = await gateway();
    // A long call timeout: the live peer must not depend on the dead peer's call ending.
    const { wakes, events, reported } = dispatch({ dead, live }, { timeoutMs: 60_000, maxAttempts: 1 });
    wakes.enqueue('dead', ['to the dead']);
    await dead.waitFor((g) => g.received.length === 1);
    wakes.enqueue('live', ['to the live']);
    await reported(1);
    expect(events).toEqual(['live:delivered']);
    expect(live.deliveries.map((d) => d.message)).toEqual(['to the live']);
    expect(await wakes.drain(50)).toEqual({ idle: false, busy: ['dead'] });
    await wakes.close();
    expect(events).toEqual(['live:delivered', 'dead:aborted']);
  });

  it('honours Retry-After, then delivers', async () => {
    const gw = await gateway({ fault: { kind: 'rate-limit', retryAfterSeconds: 2, times: 1 } });
    const sleeps: number[] = [];
    const { wakes, reports, reported } = dispatch({ bob: gw }, { sleeps });
    wakes.enqueue('bob', ['hello']);
    await reported(1);
    expect(reports[0]).toMatchObject({ outcome: { kind: 'delivered' }, attempts: 2 });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2_000);
    expect(gw.received).toHaveLength(2);
    expect(gw.deliveries).toHaveLength(1);
  });

  it('does not retry a denied tool or a wrong token', async () => {
    const denied = await gateway({ allowTools: [] });
    const { wakes, reports, reported } = dispatch({ denied }, { sleeps: [] });
    wakes.enqueue('denied', ['x']);
    await reported(1);
    expect(reports[0]).toMatchObject({ outcome: { kind: 'tool-not-allowed' }, attempts: 1 });
    expect(denied.received).toHaveLength(1);
  });

  it('coalesces wakes queued behind a call in flight into one call', async () => {
    const gw = await gateway({ fault: { kind: 'hold' } });
    const { wakes, reports, reported } = dispatch({ bob: gw });
    wakes.enqueue('bob', ['first']);
    await gw.waitFor((g) => g.received.length === 1);
    wakes.enqueue('bob', ['second']);
    wakes.enqueue('bob', ['third']);
    gw.setFault({ kind: 'none' });
    gw.release();
    await reported(2);
    expect(gw.deliveries.map((d) => d.message)).toEqual(['first', 'second\nthird']);
    expect(reports.map((r) => r.coalesced)).toEqual([1, 2]);
  });
});
