import { saveSection, writeDoc, type Section } from './lib.js';
import { burstBench } from './burst.js';
import { convergenceBench } from './convergence.js';
import { fanoutBench } from './fanout.js';
import { lintBench } from './lint.js';
import { pulledMemoryBench } from './pulled-memory.js';
import { restBench } from './rest.js';
import { syncCycleBench } from './sync-cycle.js';
import { wakeBench } from './wake.js';
import { webBench } from './web.js';

/** `npm run bench [-- NAME…]`: runs the named sections (all by default), saves JSON, rewrites the doc. */
const sections: Record<string, () => Promise<Section>> = {
  'sync-cycle': syncCycleBench,
  lint: lintBench,
  rest: restBench,
  wake: wakeBench,
  fanout: fanoutBench,
  burst: burstBench,
  convergence: convergenceBench,
  web: webBench,
  'pulled-memory': pulledMemoryBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(sections);
for (const name of names) {
  const run = sections[name];
  if (!run) {
    process.stderr.write(`unknown bench section "${name}"; known: ${Object.keys(sections).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`bench ${name} …\n`);
  const section = await run();
  await saveSection(section);
  process.stdout.write(`${section.markdown.join('\n')}\n\n`);
}
await writeDoc();
process.stdout.write('wrote bench/results/*.json and docs/benchmarks.md\n');
