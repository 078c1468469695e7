import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOis } from '../../harness/cli-process.js';
import { joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/**
 * What a short command loads. `ois say` runs once per message an agent writes, and node spends most of
 * its start-up loading modules: the say path must not load the config validator (zod, ~95 modules;
 * a validated config is cached in .git/ois/config-cache.json), the Markdown parser, the HTTP client or
 * the watcher. Checked on the built CLI, with a module hook that lists every module the process loads.
 */
const HEAVY = ['zod', 'unified', 'remark-parse', 'mdast-util-from-markdown', 'undici', 'chokidar', '@hono/node-server'];

let box: Sandbox;
beforeAll(async () => {
  box = await teamSandbox();
});
afterAll(async () => {
  await box.cleanup();
});

async function modulesLoadedBy(args: string[], cwd: string, name: string): Promise<{ code: number | null; loaded: string[] }> {
  const out = join(box.root, `${name}.modules`);
  const hook = join(box.root, `${name}-hook.mjs`);
  await writeFile(
    hook,
    `import { registerHooks } from 'node:module';\nimport { writeFileSync } from 'node:fs';\nconst seen = [];\n` +
      `registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });\n` +
      `process.on('exit', () => writeFileSync(${JSON.stringify(out)}, seen.join('\\n')));\n`,
  );
  const result = await runOis(args, cwd, { ...box.env, NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` });
  return { code: result.code, loaded: (await readFile(out, 'utf8')).split('\n') };
}

const heavyIn = (loaded: readonly string[]) => HEAVY.filter((pkg) => loaded.some((url) => url.includes(`/node_modules/${pkg}/`)));

describe('start-up of short commands', () => {
  it('ois say loads neither the config validator, the Markdown parser, the HTTP client nor the watcher', async () => {
    const aria = await joinAs(box, 'aria');
    // The first command of a clone validates ois.config.json (loading zod) and caches the result.
    expect((await runOis(['status'], aria, box.env)).code).toBe(0);
    const { code, loaded } = await modulesLoadedBy(['say', '--no-sync', 'hello'], aria, 'say');
    expect(code).toBe(0);
    expect(loaded.some((url) => url.endsWith('/dist/app/chat/say.js'))).toBe(true);
    expect(heavyIn(loaded)).toEqual([]);
  });
});
