import { describe, expect, it } from 'vitest';
import { runConvergence } from '../helpers/convergence.js';

describe('measure', () => {
  it('in-process 4x5', async () => {
    const r = await runConvergence({ writers: 4, entries: 5 });
    console.log(JSON.stringify(r));
    expect(r.lost).toBe(0);
  }, 180_000);
  it('cli 4x5', async () => {
    const r = await runConvergence({ writers: 4, entries: 5, runner: 'cli' });
    console.log(JSON.stringify(r));
    expect(r.lost).toBe(0);
  }, 180_000);
});
