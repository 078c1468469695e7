import { describe, expect, it } from 'vitest';
import { holdClone, SAY_HOLDER, type HoldPorts } from '../../../src/app/clone/hold.js';
import type { CloneLock, Locks } from '../../../src/ports/index.js';

/** A clone held by `holder` (its `ping` reply) until `freeAfter` takes; a clock that only moves when slept on. */
function standIns(holder: string | undefined, freeAfter = Infinity): HoldPorts & { slept: number[]; takes: number } {
  let now = Date.UTC(2026, 11, 2, 12, 0, 0);
  const slept: number[] = [];
  const state = { takes: 0 };
  const lock: CloneLock = { address: '\0test', release: async () => undefined };
  const locks: Locks = {
    takeClone: async () => (++state.takes > freeAfter || holder === undefined ? lock : undefined),
    askClone: async (_gitDir, command) => (command === 'ping' ? holder : 'busy'),
    withFile: (_path, fn) => fn(),
  };
  return {
    locks,
    clock: {
      now: () => new Date(now),
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
      after: () => () => undefined,
    },
    random: { fraction: () => 0.5, bytes: (count) => new Uint8Array(count) },
    slept,
    get takes() {
      return state.takes;
    },
  };
}

describe('holdClone (through the Locks, Clock and Random ports)', () => {
  it('takes a free clone at once, without sleeping', async () => {
    const ports = standIns(undefined);
    expect((await holdClone('/c/.git', ports, { acceptSay: true })).kind).toBe('lock');
    expect(ports.slept).toEqual([]);
  });

  it('names the watcher, or another say when that is good enough', async () => {
    expect((await holdClone('/c/.git', standIns('ois-watch pid=1'), { acceptSay: false })).kind).toBe('watcher');
    expect((await holdClone('/c/.git', standIns(SAY_HOLDER), { acceptSay: true })).kind).toBe('say');
  });

  it('waits on the injected clock with a back-off from 10 ms to 250 ms, and takes the clone once it is free', async () => {
    const ports = standIns('busy', 8);
    expect((await holdClone('/c/.git', ports, { acceptSay: true })).kind).toBe('lock');
    expect(ports.slept).toEqual([10, 20, 40, 80, 160, 250, 250, 250]);
  });

  it('gives up with LOCKED once the injected clock passes the timeout, in no real time', async () => {
    const ports = standIns('busy');
    const started = Date.now();
    await expect(holdClone('/c/.git', ports, { acceptSay: true, timeoutMs: 60_000 })).rejects.toMatchObject({ code: 'LOCKED' });
    expect(ports.slept.reduce((a, b) => a + b, 0)).toBeGreaterThan(60_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('restarts the wait whenever the holder makes progress, and stops waiting when done() says so', async () => {
    const ports = standIns(SAY_HOLDER);
    let tick = 0;
    // Progress every poll for 1 000 polls (far past the timeout), then none.
    const progress = async (): Promise<string> => String(Math.min((tick += 1), 1_000));
    await expect(holdClone('/c/.git', ports, { acceptSay: false, timeoutMs: 10_000, progress })).rejects.toMatchObject({ code: 'LOCKED' });
    expect(ports.slept.reduce((a, b) => a + b, 0)).toBeGreaterThan(200_000);
    let polls = 0;
    const done = async (): Promise<boolean> => (polls += 1) === 3;
    expect((await holdClone('/c/.git', standIns(SAY_HOLDER), { acceptSay: false, done })).kind).toBe('done');
  });
});
