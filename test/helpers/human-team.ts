import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cycleIn, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/** AGENTS.md with one agent (aria) and one person (Mia, `Kind: human`). */
export const REGISTRY_WITH_HUMAN = `# acme

## ARIA

- Id: aria
- Gateway: http://127.0.0.1:9

## Mia 🌸 (Owner)

- Id: mia
- Kind: human
`;

/** A team sandbox and aria's clone, with REGISTRY_WITH_HUMAN committed and pushed. */
export async function cloneWithHuman(): Promise<{ box: Sandbox; aria: string }> {
  const box = await teamSandbox();
  const aria = await joinAs(box, 'aria');
  await writeFile(join(aria, 'AGENTS.md'), REGISTRY_WITH_HUMAN);
  await cycleIn(box, aria);
  return { box, aria };
}
