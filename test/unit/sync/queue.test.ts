import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../../src/app/sync/queue.js';

type Kind = 'idle' | 'poll' | 'local';
const STRENGTH: Record<Kind, number> = { idle: 0, poll: 1, local: 2 };

describe('SerialQueue', () => {
  it('runs one job at a time, coalesces requests into the strongest kind, and shows what waits', async () => {
    const ran: Kind[] = [];
    const seenWaiting: Array<Kind | undefined> = [];
    let release: () => void = () => undefined;
    const queue: SerialQueue<Kind> = new SerialQueue<Kind>(
      async (kind) => {
        ran.push(kind);
        seenWaiting.push(queue.waiting);
        if (ran.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      (a, b) => (STRENGTH[a] >= STRENGTH[b] ? a : b),
    );
    const first = queue.request('idle');
    await Promise.resolve();
    const second = queue.request('poll');
    const third = queue.request('local');
    expect(queue.waiting).toBe('local');
    release();
    await Promise.all([first, second, third]);
    expect(ran).toEqual(['idle', 'local']);
    expect(seenWaiting).toEqual([undefined, undefined]);
    expect(queue.busy).toBe(false);
    await queue.close();
    await queue.request('local');
    expect(ran).toHaveLength(2);
  });
});
