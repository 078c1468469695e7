import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export const RESULTS_DIR = join(import.meta.dirname, '..', '..', 'bench', 'results');
export const DOC = join(import.meta.dirname, '..', '..', 'docs', 'benchmarks.md');

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
  min: number;
}

/** Order statistics of a sample, in the sample's unit, rounded to 0.1. */
export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const round = (x: number): number => Math.round(x * 10) / 10;
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1) ?? NaN), min: round(sorted[0] ?? NaN) };
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

export interface Section {
  name: string;
  title: string;
  /** Markdown lines for docs/benchmarks.md. */
  markdown: string[];
  data: unknown;
}

export function machine(): Record<string, unknown> {
  return { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) };
}

export async function saveSection(section: Section): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const record = { name: section.name, title: section.title, at: new Date().toISOString(), machine: machine(), data: section.data, markdown: section.markdown };
  await writeFile(join(RESULTS_DIR, `${section.name}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

/** Rewrites docs/benchmarks.md from every bench/results/*.json. */
export async function writeDoc(): Promise<void> {
  const files = (await readdir(RESULTS_DIR)).filter((f) => f.endsWith('.json')).sort();
  const parts: string[] = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`npm run bench -- NAME…` runs some sections). Each section records when and',
    'on what it ran; raw figures are in `bench/results/*.json`. These machines are noisy (2 shared cores):',
    'read medians and ratios, not single runs. Targets are from the design (DESIGN.md section 7).',
    '',
    'The default convergence sizes are small so that `npm run bench` takes minutes; the design\'s sizes',
    '(2, 4, 8 and 16 writers × 50 entries) run with `npm run bench:convergence` (about an hour on two',
    'cores) and keep their own section below.',
    '',
  ];
  for (const file of files) {
    const record = JSON.parse(await readFile(join(RESULTS_DIR, file), 'utf8')) as { title?: string; at: string; machine: Record<string, unknown>; markdown?: string[] };
    // Only bench sections (reliability.json, written by the reliability suite, has its own page).
    if (record.title === undefined || record.markdown === undefined) continue;
    parts.push(`## ${record.title}`, '', `Measured ${record.at.slice(0, 16).replace('T', ' ')} UTC, Node ${String(record.machine.node)}, ${String(record.machine.cpus)} cores.`, '', ...record.markdown, '');
  }
  await writeFile(DOC, parts.join('\n'));
}
