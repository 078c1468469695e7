import { describe, expect, it } from 'vitest';
import { runConvergence, type ConvergenceResult } from '../../harness/convergence.js';

/**
 * DESIGN.md section 7 / issue 3: many clones append to the same day file with `ois say` and sync at
 * the same time against one bare remote; afterwards every clone holds every entry exactly once, each
 * writer's in the order written, no commit on the remote ever moved or removed a pushed entry (the
 * prefix rule), and nobody was shown a conflict. Knobs: OIS_CONVERGENCE_WRITERS (default 8),
 * OIS_CONVERGENCE_ENTRIES (default 25), OIS_CONVERGENCE_INFLIGHT (`ois say` runs at once per clone,
 * default 4: entries appended during a cycle go out together in the next one), OIS_CONVERGENCE_RUNNER
 * (`in-process`, default, or `cli`: the built CLI as one process per entry, which needs `npm run build`;
 * about 1.7× slower here, node start-up per entry).
 * No timing assertions: the figures are printed (and measured by `npm run bench`).
 */
const writers = knob('OIS_CONVERGENCE_WRITERS', 8);
const entries = knob('OIS_CONVERGENCE_ENTRIES', 25);
const inFlight = knob('OIS_CONVERGENCE_INFLIGHT', 4);
const runner = process.env.OIS_CONVERGENCE_RUNNER === 'cli' ? 'cli' : 'in-process';

function knob(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function expectConverged(result: ConvergenceResult): void {
  console.log(`convergence (${result.transport}, ${result.runner}, ${result.mergeMode}): ${result.writers} writers × ${result.entries} entries in ${result.seconds.toFixed(1)} s, sync errors met on the way: ${JSON.stringify(result.syncErrors)}`);
  expect({
    lost: result.lost,
    duplicated: result.duplicated,
    conflicts: result.conflicts,
    corrupted: result.corrupted,
    ordered: result.ordered,
    moved: result.moved,
    converged: result.converged,
  }).toEqual({ lost: 0, duplicated: 0, conflicts: 0, corrupted: 0, ordered: true, moved: 0, converged: true });
}

describe('chat convergence over real git', () => {
  it(`${writers} clones × ${entries} entries with ois say against one bare remote`, async () => {
    // About 4 min on two quiet cores; bounded well above that so a slower CI machine does not fail it.
    expectConverged(await runConvergence({ writers, entries, inFlight, runner, timeoutMs: 540_000 }));
  }, 600_000);

  it('the same, smaller, over git daemon on 127.0.0.1', async () => {
    expectConverged(await runConvergence({ writers: 3, entries: 4, inFlight: 2, runner, transport: 'git-daemon', timeoutMs: 90_000 }));
  }, 120_000);
});
