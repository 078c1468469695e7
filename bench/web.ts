import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatEntry } from '../src/core/chatlog/format.js';
import { launchBrowser } from '../harness/browser.js';
import { CLI, startOis } from '../harness/cli-process.js';
import { stats, time, type Section, type Stats } from './lib.js';
import { buildRepo } from './sync-cycle.js';

const exec = promisify(execFile);
const ENTRIES = Number(process.env.OIS_BENCH_ENTRIES ?? 100_000);
const RUNS = Number(process.env.OIS_BENCH_WEB_RUNS ?? 5);

/**
 * The room at 100 000 entries: ois web's start (reading every day file), the first render in Chromium
 * (the printed URL to the newest page shown), a search (the API and the page), and a live entry (a
 * write in the clone to its appearance in the page), beside what a human has today in the same run:
 * `ois log --json` (the whole history) and grep over chat/.
 */
export async function webBench(): Promise<Section> {
  const root = await mkdtemp(join(tmpdir(), 'ois-bench-web-'));
  const env = { ...(process.env as Record<string, string>), HOME: root, OIS_CONFIG_DIR: join(root, 'config') };
  const browser = await launchBrowser();
  try {
    const top = await buildRepo(root, env, ENTRIES, 100);
    const starts: number[] = [];
    let url = '';
    let web = startOis(['web', '--port', '0'], top, env);
    for (let i = 0; i < 3; i += 1) {
      if (i > 0) web = startOis(['web', '--port', '0'], top, env);
      starts.push((await time(() => web.waitFor(/open http/, 120_000)))[0]);
      url = /open (http:\S+)/.exec(web.output())?.[1] ?? '';
      if (i < 2) await web.stop();
    }
    const base = new URL(url).origin;
    const firstRender: number[] = [];
    const searchPage: number[] = [];
    const live: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const page = await browser.context.newPage();
      firstRender.push((await time(async () => {
        await page.goto(url);
        await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('article.entry').length >= 100, undefined, { timeout: 60_000 });
      }))[0]);
      await page.waitForSelector('#connection.live');
      searchPage.push((await time(async () => {
        await page.fill('#search', `"Entry ${100 + i} of day"`);
        await page.locator('#search-list article').first().waitFor({ timeout: 60_000 });
      }))[0]);
      await page.fill('#search', '');
      const at = new Date().toISOString();
      const marker = `live-${i}-${Date.now()}`;
      const file = join(top, 'chat', `${at.slice(0, 10)}.md`);
      live.push((await time(async () => {
        await appendFile(file, `\n${formatEntry({ id: `live${i}x${Date.now()}`, at, author: 'seed', name: 'Seed', body: marker })}`);
        await page.locator('article.entry', { hasText: marker }).waitFor({ timeout: 30_000 });
      }))[0]);
      await page.close();
    }
    const cookie = await sessionCookie(url);
    const api = async (q: string): Promise<Stats> => {
      const samples: number[] = [];
      for (let i = 0; i < 10; i += 1) samples.push((await time(() => fetch(`${base}/api/search?q=${encodeURIComponent(q)}&limit=50`, { headers: { cookie } }).then((r) => r.json())))[0]);
      return stats(samples);
    };
    const rare = await api('"Entry 299 of day 2025-01-01"');
    const common = await api('chat');
    const none = await api('nowhere-to-be-found');
    await web.stop();
    const log: number[] = [];
    for (let i = 0; i < 3; i += 1) log.push((await time(() => exec(process.execPath, [CLI, 'log', '--json'], { cwd: top, env, maxBuffer: 1 << 30 })))[0]);
    const grep: number[] = [];
    for (let i = 0; i < 10; i += 1) grep.push((await time(() => exec('grep', ['-rF', 'nowhere-to-be-found', 'chat/'], { cwd: top }).catch(() => undefined)))[0]);
    const data = { entries: ENTRIES, start: stats(starts), firstRender: stats(firstRender), searchPage: stats(searchPage), live: stats(live), api: { rare, common, none }, baseline: { log: stats(log), grep: stats(grep) } };
    const row = (label: string, s: Stats): string => `| ${label} | ${Math.round(s.p50)} | ${Math.round(s.p95)} | ${Math.round(s.max)} |`;
    return {
      name: 'web',
      title: `The room (\`ois web\`) at ${ENTRIES} entries (ms)`,
      data,
      markdown: [
        `A clone with ${ENTRIES} chat entries (${Math.ceil(ENTRIES / 300)} day files), ois web serving it, Chromium (headless) reading it.`,
        'The page loads the newest 100 entries and older ones on demand; search runs on the server over the whole history.',
        '',
        '| measured | p50 | p95 | max |',
        '|---|---|---|---|',
        row('`ois web` start: every day file read, the URL printed', data.start),
        row('first render: the printed URL opened → the newest 100 entries shown', data.firstRender),
        row('search in the page: typed → first result shown (a phrase, whole history)', data.searchPage),
        row('search API, a phrase found once (whole history, 50 results max)', rare),
        row('search API, a word in every entry (newest 50)', common),
        row('search API, a word in no entry (the whole history scanned)', none),
        row('live: an entry appended to a day file → shown in the page', data.live),
        row('baseline: `ois log --json`, the whole history (what a human has without the room)', data.baseline.log),
        row('baseline: `grep -rF` over chat/ for a word in no entry', data.baseline.grep),
      ],
    };
  } finally {
    await browser.close();
    await rm(root, { recursive: true, force: true });
  }
}

async function sessionCookie(url: string): Promise<string> {
  const res = await fetch(url);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
