import { runConvergence, type ConvergenceResult } from '../harness/convergence.js';
import type { Section } from './lib.js';

/**
 * N writers × M entries into the same day file, through ois's merge driver and through `merge=union`
 * (the baseline). Sizes: OIS_BENCH_CONVERGENCE="2x50,4x50,8x50,16x50" (the design's figure); the
 * default is smaller so that `npm run bench` stays within minutes on two cores.
 */
export async function convergenceBench(): Promise<Section> {
  const spec = process.env.OIS_BENCH_CONVERGENCE ?? '2x10,4x10,8x10';
  const sizes = spec
    .split(',')
    .map((s) => s.split('x').map(Number) as [number, number]);
  const rows: ConvergenceResult[] = [];
  for (const [writers, entries] of sizes) {
    for (const mergeMode of ['ois', 'union'] as const) {
      process.stdout.write(`  ${writers} writers × ${entries} entries, ${mergeMode} …\n`);
      rows.push(await runConvergence({ writers, entries, mergeMode, inFlight: 4, runner: 'process', timeoutMs: 45 * 60_000 }));
    }
  }
  return {
    // Each set of sizes keeps its own record, so a long full-size run does not replace the default one.
    name: process.env.OIS_BENCH_CONVERGENCE ? `convergence-${spec.replace(/[^0-9x]+/g, '-')}` : 'convergence',
    title: `Many writers into one day file (${sizes.map(([w, e]) => `${w} × ${e}`).join(', ')})`,
    data: { rows },
    markdown: [
      'Each writer is a clone in its own process (as on its own machine), appending entries with `ois say` (4 at a time, the `say` function in process) and syncing against one bare remote (all writers share the two cores); then every clone syncs until all agree. "union" is the same run with `chat/*.md merge=union` instead of ois\'s driver. Target (16 × 50): every clone holds all 800 entries exactly once, no conflict shown to anyone. "pushed entries moved" counts the commits on the remote that moved or removed an entry already pushed (the prefix rule: 0 with ois); "writers in order": each writer\'s entries in the order it wrote them.',
      '',
      '| writers × entries | merge | seconds to converge | lost | duplicated | spliced | conflicts shown | pushed entries moved | writers in order | pushes retried |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.writers} × ${r.entries} | ${r.mergeMode} | ${r.seconds.toFixed(1)} | ${r.lost} | ${r.duplicated} | ${r.corrupted} | ${r.conflicts} | ${r.moved} | ${r.ordered ? 'yes' : 'no'} | ${r.syncErrors.PUSH_REJECTED ?? 0} |`,
      ),
    ],
  };
}
