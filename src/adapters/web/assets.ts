import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** One file of the page, served from memory with a fixed type. */
export interface Asset {
  type: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The page's files (its HTML and stylesheet from `staticDir`, its compiled ES modules from
 * `scriptDir`), read once at start: the server serves exactly these names, so no request can reach
 * any other file.
 */
export async function loadAssets(staticDir: string, scriptDir: string): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const dir of [staticDir, scriptDir]) {
    for (const name of await readdir(dir)) {
      const type = TYPES[extname(name)];
      if (type === undefined) continue;
      assets.set(name, { type, body: await readFile(join(dir, name)) });
    }
  }
  return assets;
}
