import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Files } from '../../ports/index.js';
import type { TeamConfig } from '../../core/config/team.js';

const CACHE_FILE = 'config-cache.json';
/**
 * The modules that define what a valid config is: a change to either (a new ois version) invalidates the
 * cache. Relative to this file (src/app/clone/ or dist/app/clone/): when they cannot be found there is
 * never a cache entry, so a wrong path here silently costs every short command the validator's load
 * (test/e2e/startup.test.ts checks that `ois say` does not load zod).
 */
const SCHEMA_MODULES = ['../../core/config/team.js', '../../core/config/validate.js'];

/**
 * A validated `ois.config.json`, remembered in `.git/ois/config-cache.json` under the hash of its text
 * and of the schema modules, so that short commands (`ois say`, hooks) do not load the validator (zod
 * takes ~120 ms to load) when the file has not changed. Undefined when there is no valid entry; where
 * the schema modules cannot be found (running from sources), there is never one.
 */
export async function cachedConfig(files: Files, stateDir: string, text: string): Promise<TeamConfig | undefined> {
  const key = await cacheKey(files, text);
  if (key === undefined) return undefined;
  try {
    const cached = JSON.parse(await files.readText(join(stateDir, CACHE_FILE))) as { key?: unknown; config?: unknown };
    return cached.key === key && typeof cached.config === 'object' && cached.config !== null ? (cached.config as TeamConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers a config that validated (best effort: a clone without `.git/ois` yet just skips it). */
export async function rememberConfig(files: Files, stateDir: string, text: string, config: TeamConfig): Promise<void> {
  const key = await cacheKey(files, text);
  if (key === undefined) return;
  await files.writeAtomic(join(stateDir, CACHE_FILE), `${JSON.stringify({ key, config })}\n`).catch(() => undefined);
}

async function cacheKey(files: Files, text: string): Promise<string | undefined> {
  const hash = createHash('sha256').update(text);
  try {
    for (const module of SCHEMA_MODULES) {
      const info = await files.stat(fileURLToPath(new URL(module, import.meta.url)));
      if (info === undefined) return undefined;
      hash.update(`\0${info.size}:${info.mtimeMs}`);
    }
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}
