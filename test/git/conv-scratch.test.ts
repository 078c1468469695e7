import { it } from 'vitest';
import { runConvergence } from '../helpers/convergence.js';
it('scratch', async () => {
  const t0 = Date.now();
  const r = await runConvergence({ writers: Number(process.env.W ?? 8), entries: Number(process.env.E ?? 25), timeoutMs: 590_000, inFlight: Number(process.env.K ?? 1), pushRetries: process.env.R ? Number(process.env.R) : undefined,
    onProgress: (d, t) => { if (d % 25 === 0) console.log(`${d}/${t} at ${((Date.now() - t0) / 1000).toFixed(1)} s`); } });
  console.log(JSON.stringify(r));
}, 600_000);
