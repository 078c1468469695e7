import { describe, expect, it } from 'vitest';
import { createClock } from '../../../src/adapters/clock.js';
import { createWakeDispatcher, type WakeReport } from '../../../src/app/wake/dispatcher.js';
import { OisError } from '../../../src/core/errors.js';
import type { WakeOutcome } from '../../../src/core/wake/outcome.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A dispatcher of string-array payloads whose calls the test answers one by one. */
function harness(options: { maxAttempts?: number; maxRetryAfterMs?: number } = {}) {
  const calls: Array<{ peer: string; payload: string[]; answer: Deferred<WakeOutcome> }> = [];
  const sleeps: number[] = [];
  const reports: WakeReport<string[]>[] = [];
  const waiters: Array<() => void> = [];
  const notify = (): void => waiters.splice(0).forEach((w) => w());
  let sleepGate: Deferred<void> | undefined;
  const dispatcher = createWakeDispatcher<string[]>({
    clock: createClock(),
    send: (peer, payload) => {
      const answer = deferred<WakeOutcome>();
      calls.push({ peer, payload, answer });
      notify();
      return answer.promise;
    },
    merge: (a, b) => [...a, ...b],
    onReport: (report) => {
      reports.push(report);
      notify();
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      notify();
      if (sleepGate) await sleepGate.promise;
    },
    random: () => 0.5,
    ...options,
  });
  /** Resolves once `predicate` holds (checked on each call, sleep and report); bounded. */
  const until = (predicate: () => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('condition not met within 2 s')), 2_000);
      const check = (): void => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  return { dispatcher, calls, sleeps, reports, until, gateSleep: (gate: Deferred<void> | undefined) => (sleepGate = gate) };
}

describe('createWakeDispatcher', () => {
  it('returns from enqueue before any call is made, then reports the outcome', async () => {
    const h = harness();
    h.dispatcher.enqueue('bob', ['a']);
    expect(h.calls).toHaveLength(0);
    await h.until(() => h.calls.length === 1);
    h.calls[0]?.answer.resolve({ kind: 'delivered' });
    await h.until(() => h.reports.length === 1);
    expect(h.reports[0]).toEqual({ peerId: 'bob', payload: ['a'], outcome: { kind: 'delivered' }, attempts: 1, coalesced: 1 });
    expect(await h.dispatcher.drain(1_000)).toEqual({ idle: true, busy: [] });
  });

  it('retries retryable outcomes with backoff, bounded', async () => {
    const h = harness({ maxAttempts: 3 });
    h.dispatcher.enqueue('bob', ['a']);
    for (let i = 0; i < 3; i += 1) {
      await h.until(() => h.calls.length === i + 1);
      h.calls[i]?.answer.resolve({ kind: 'unreachable', detail: 'connection refused' });
    }
    await h.until(() => h.reports.length === 1);
    expect(h.reports[0]).toMatchObject({ outcome: { kind: 'unreachable' }, attempts: 3 });
    expect(h.sleeps).toEqual([187.5, 375]);
  });

  it('honours Retry-After, and gives up when it is longer than allowed', async () => {
    const h = harness({ maxRetryAfterMs: 10_000 });
    h.dispatcher.enqueue('bob', ['a']);
    await h.until(() => h.calls.length === 1);
    h.calls[0]?.answer.resolve({ kind: 'rate-limited', retryAfterMs: 3_000 });
    await h.until(() => h.calls.length === 2);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(3_000);
    h.calls[1]?.answer.resolve({ kind: 'rate-limited', retryAfterMs: 60_000 });
    await h.until(() => h.reports.length === 1);
    expect(h.reports[0]).toMatchObject({ outcome: { kind: 'rate-limited', retryAfterMs: 60_000 }, attempts: 2 });
    expect(h.sleeps).toHaveLength(1);
  });

  it('does not retry what the peer must fix', async () => {
    const h = harness();
    h.dispatcher.enqueue('bob', ['a']);
    await h.until(() => h.calls.length === 1);
    h.calls[0]?.answer.resolve({ kind: 'tool-not-allowed', tool: 'sessions_send' });
    await h.until(() => h.reports.length === 1);
    expect(h.reports[0]?.attempts).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('coalesces wakes queued behind a call in flight into one call', async () => {
    const h = harness();
    h.dispatcher.enqueue('bob', ['a']);
    await h.until(() => h.calls.length === 1);
    h.dispatcher.enqueue('bob', ['b']);
    h.dispatcher.enqueue('bob', ['c']);
    h.calls[0]?.answer.resolve({ kind: 'delivered' });
    await h.until(() => h.calls.length === 2);
    expect(h.calls[1]?.payload).toEqual(['b', 'c']);
    h.calls[1]?.answer.resolve({ kind: 'delivered' });
    await h.until(() => h.reports.length === 2);
    expect(h.reports.map((r) => r.coalesced)).toEqual([1, 2]);
    expect(h.calls).toHaveLength(2);
  });

  it('folds a newer wake into one waiting for its retry', async () => {
    const h = harness();
    const gate = deferred<void>();
    h.gateSleep(gate);
    h.dispatcher.enqueue('bob', ['a']);
    await h.until(() => h.calls.length === 1);
    h.calls[0]?.answer.resolve({ kind: 'timeout' });
    await h.until(() => h.sleeps.length === 1);
    h.dispatcher.enqueue('bob', ['b']);
    gate.resolve();
    await h.until(() => h.calls.length === 2);
    expect(h.calls[1]?.payload).toEqual(['a', 'b']);
    h.calls[1]?.answer.resolve({ kind: 'delivered' });
    await h.until(() => h.reports.length === 1);
    expect(h.reports[0]).toMatchObject({ coalesced: 2, attempts: 2, outcome: { kind: 'delivered' } });
  });

  it('lets other peers through while one peer never answers', async () => {
    const h = harness();
    h.dispatcher.enqueue('dead', ['a']);
    h.dispatcher.enqueue('bob', ['b']);
    await h.until(() => h.calls.length === 2);
    h.calls.find((c) => c.peer === 'bob')?.answer.resolve({ kind: 'delivered' });
    await h.until(() => h.reports.length === 1);
    expect(h.reports[0]?.peerId).toBe('bob');
    expect(await h.dispatcher.drain(20)).toEqual({ idle: false, busy: ['dead'] });
    h.calls.find((c) => c.peer === 'dead')?.answer.resolve({ kind: 'delivered' });
    expect(await h.dispatcher.drain(1_000)).toEqual({ idle: true, busy: [] });
  });

  it('turns a thrown OisError into a not-sent outcome', async () => {
    const reports: WakeReport<string>[] = [];
    const dispatcher = createWakeDispatcher<string>({
      clock: createClock(),
      random: Math.random,
      send: async () => {
        throw new OisError('UNTRUSTED_GATEWAY', 'moved', { data: { peer: 'hkh', pinned: 'https://a.example', url: 'https://b.example' } });
      },
      merge: (_a, b) => b,
      onReport: (r) => reports.push(r),
    });
    dispatcher.enqueue('bob', 'x');
    expect(await dispatcher.drain(1_000)).toMatchObject({ idle: true });
    expect(reports[0]?.outcome).toEqual({ kind: 'not-sent', code: 'UNTRUSTED_GATEWAY', message: 'moved' });
  });

  it('reports queued wakes as aborted on close', async () => {
    const h = harness();
    h.dispatcher.enqueue('bob', ['a']);
    await h.until(() => h.calls.length === 1);
    h.dispatcher.enqueue('bob', ['b']);
    const closed = h.dispatcher.close();
    h.calls[0]?.answer.resolve({ kind: 'aborted' });
    await closed;
    expect(h.reports.map((r) => [r.payload, r.outcome.kind])).toEqual([
      [['a'], 'aborted'],
      [['b'], 'aborted'],
    ]);
    expect(h.calls).toHaveLength(1);
  });
});
