import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = join(import.meta.dirname, '..', '..', 'bench', 'results', 'reliability.json');

/**
 * Records a reliability figure when OIS_RELIABILITY_REPORT=1 (`npm run reliability`), so the full-size
 * runs land in docs/reliability.md; a plain `npm test` records nothing.
 */
export async function recordFigure(name: string, figure: Record<string, unknown>): Promise<void> {
  if (process.env.OIS_RELIABILITY_REPORT !== '1') return;
  await mkdir(join(FILE, '..'), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    all = {};
  }
  all[name] = { ...figure, at: new Date().toISOString(), node: process.version };
  await writeFile(FILE, `${JSON.stringify(all, null, 2)}\n`);
}
