import { request } from 'node:http';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from '../../harness/browser.js';
import { runOis } from '../../harness/cli-process.js';
import { git } from '../../harness/git-repos.js';
import { startRoom, type RoomFixture } from './room.js';

let room: RoomFixture;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  room = await startRoom();
  browser = await launchBrowser();
  page = await browser.context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await room?.close();
});

/** `ois say` in hkh's clone (an agent's clone elsewhere: it commits and pushes). */
async function hkhSays(text: string): Promise<void> {
  const result = await runOis(['say', text], room.team.dirs.hkh!, room.team.env('hkh'));
  expect(result.code, result.stderr).toBe(0);
}

/** A raw HTTP GET to the room with the given headers (no browser: headers a browser would not send). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: room.port, path, headers, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function sessionCookie(): Promise<string> {
  const cookie = (await browser.context.cookies(room.base)).find((c) => c.name === `ois_room_${room.port}`);
  if (!cookie) throw new Error('no session cookie');
  return `${cookie.name}=${cookie.value}`;
}

const entry = (text: string) => page.locator('article.entry', { hasText: text });

describe('ois web in a real browser (Chromium), on a real team (bare remote, two clones, Gateway stand-ins)', () => {
  it('gives nothing without the token: the locked page, 401 from the API, a wrong token refused', async () => {
    const locked = await rawGet('/', { host: `127.0.0.1:${room.port}` });
    expect(locked.status).toBe(401);
    expect(locked.body).toContain('This room is locked');
    expect((await rawGet('/api/entries', { host: `127.0.0.1:${room.port}` })).status).toBe(401);
    expect((await rawGet('/api/events', { host: `127.0.0.1:${room.port}` })).status).toBe(401);
    expect((await rawGet('/?token=not-the-token', { host: `127.0.0.1:${room.port}` })).status).toBe(401);
    await page.goto(`${room.base}/`);
    await expect.poll(() => page.textContent('h1')).toBe('This room is locked');
    expect(await page.locator('article.entry').count()).toBe(0);
  });

  it('opens the printed URL (the token leaves the address bar) and shows an entry pushed from another clone live', async () => {
    await page.goto(room.url);
    await page.waitForURL(`${room.base}/`);
    await expect.poll(() => page.textContent('#connection')).toBe('live');
    expect(page.url()).not.toContain('token');
    const cookie = (await browser.context.cookies(room.base)).find((c) => c.name === `ois_room_${room.port}`);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toBe(new URL(room.url).searchParams.get('token'));
    await hkhSays('batch-001 is **rendering** on the GPU');
    await entry('batch-001 is rendering').waitFor({ timeout: 20_000 });
    await expect.poll(() => entry('batch-001 is rendering').locator('.author').textContent()).toBe('HKH');
    expect(await entry('batch-001 is rendering').locator('.body strong').textContent()).toBe('rendering');
    expect(await entry('batch-001 is rendering').locator('time').textContent()).toMatch(/^\d{2}:\d{2} UTC$/);
    expect(await entry('batch-001 is rendering').locator('.local').textContent()).toMatch(/\d{2}:\d{2} local/);
    await expect.poll(() => entry('batch-001 is rendering').locator('.stage').textContent()).toBe('pushed');
  });

  it('refuses a foreign Host header (DNS rebinding), even with a valid session', async () => {
    const cookie = await sessionCookie();
    expect((await rawGet('/api/entries', { host: `127.0.0.1:${room.port}`, cookie })).status).toBe(200);
    for (const host of ['evil.example', `evil.example:${room.port}`, `127.0.0.1:${room.port + 1}`]) {
      const res = await rawGet('/api/entries', { host, cookie });
      expect(res.status, host).toBe(421);
      expect(res.body).not.toContain('entries');
    }
  });

  it('posts as Mia with @ completion: committed as Mia, pushed, hkh and aria (whose clone this is) woken, shown on the entry', async () => {
    await page.fill('#message', '');
    await page.locator('#message').pressSequentially('@hk');
    await page.locator('#completions li', { hasText: '@hkh' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.inputValue('#message')).toBe('@hkh ');
    await page.locator('#message').pressSequentially('stop the render, @ar');
    await page.keyboard.press('Enter');
    await page.locator('#message').pressSequentially('take over');
    expect(await page.inputValue('#message')).toBe('@hkh stop the render, @aria take over');
    await page.keyboard.press('Control+Enter');
    const posted = entry('stop the render');
    await posted.waitFor();
    expect(await posted.locator('.author').textContent()).toBe('Mia 🌸');
    expect(await posted.getAttribute('class')).toContain('by-human');
    expect(await posted.locator('.mention').allTextContents()).toEqual(['@hkh', '@aria']);
    await expect.poll(() => posted.locator('.stage').textContent(), { timeout: 20_000 }).toBe('pushed');
    const log = await git(room.team.box.bare, ['log', '-1', '--format=%an <%ae>|%cn|%s', 'main', '--', 'chat/'], room.team.box.env);
    expect(log.trim()).toMatch(/^Mia 🌸 <mia@ois\.invalid>\|Mia 🌸\|chat\(mia\): 1 entry in /);
    await room.team.gateways.hkh!.waitFor((gw) => gw.deliveries.some((d) => d.message.includes('> @hkh stop the render')), 20_000);
    await room.team.gateways.aria!.waitFor((gw) => gw.deliveries.some((d) => d.message.includes('@aria take over')), 20_000);
    await expect.poll(() => posted.locator('.woken.delivered').allTextContents(), { timeout: 20_000 }).toEqual(expect.arrayContaining(['✓ hkh', '✓ aria']));
  });

  it('shows an agent’s <script>, onerror= and javascript: links as inert text', async () => {
    await page.evaluate(() => {
      delete (globalThis as { __pwned?: number }).__pwned;
    });
    await hkhSays('xss test <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> [click me](javascript:window.__pwned=3) <a href="javascript:window.__pwned=4">raw link</a> <iframe src="javascript:window.__pwned=5"></iframe>');
    const hostile = entry('xss test');
    await hostile.waitFor({ timeout: 20_000 });
    const body = hostile.locator('.body');
    expect(await body.textContent()).toContain('<script>window.__pwned=1</script>');
    expect(await body.textContent()).toContain('<img src=x onerror="window.__pwned=2">');
    expect(await body.locator('script, img, iframe, [onerror]').count()).toBe(0);
    for (const href of await body.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) expect(href ?? '').not.toMatch(/^javascript:/i);
    await body.locator('a', { hasText: 'click me' }).click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('refuses cross-site writes: another site’s form, a forged Origin, a missing CSRF token', async () => {
    const file = join(room.team.dirs.aria!, 'chat');
    const before = JSON.stringify(await readDir(file));
    // A hostile page on another origin (another port of 127.0.0.1: another local server) posting a form to the room.
    const hostile: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<form method="post" action="${room.base}/api/post" enctype="multipart/form-data"><input name="body" value="forged by another site"></form><script>document.forms[0].submit()</script>`);
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const other = await browser.context.newPage();
    try {
      await other.goto(`http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`);
      await other.waitForURL(/\/api\/post$/, { timeout: 10_000 });
      // Another port of 127.0.0.1 is the same *site* for cookies (SameSite ignores ports): the browser
      // sends the session cookie, and the Origin check is what refuses the write.
      expect(await other.textContent('body')).toContain('"FORBIDDEN"');
    } finally {
      await other.close();
      hostile.closeAllConnections();
      await new Promise<void>((resolve) => hostile.close(() => resolve()));
    }
    const cookie = await sessionCookie();
    const post = (headers: Record<string, string>) =>
      fetch(`${room.base}/api/post`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'body=forged' });
    expect((await post({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ origin: room.base })).status).toBe(403); // no CSRF token
    expect((await post({ origin: room.base, 'x-csrf-token': 'guess' })).status).toBe(403);
    expect((await post({ origin: room.base, 'sec-fetch-site': 'cross-site', 'x-csrf-token': 'guess' })).status).toBe(403);
    expect(JSON.stringify(await readDir(file))).toBe(before);
    expect(await page.locator('article.entry', { hasText: 'forged' }).count()).toBe(0);
  });

  it('highlights a mention of Mia for her and notifies her (she allowed it) while the page is in the background', async () => {
    await page.evaluate(() => {
      const w = globalThis as unknown as { __notes: string[]; Notification: unknown; document: { hasFocus: () => boolean } };
      w.__notes = [];
      class Recorder {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        constructor(title: string, options: { body?: string }) {
          w.__notes.push(`${title}: ${options.body ?? ''}`);
        }
      }
      w.Notification = Recorder;
      w.document.hasFocus = () => false;
    });
    await hkhSays('@mia the report is ready in shared/report.md');
    const mention = entry('the report is ready');
    await mention.waitFor({ timeout: 20_000 });
    expect(await mention.getAttribute('class')).toContain('mentions-me');
    expect(await mention.locator('.mention.me').textContent()).toBe('@mia');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __notes: string[] }).__notes)).toEqual(['HKH mentioned you: @mia the report is ready in shared/report.md']);
  });

  it('attaches a file under shared/ (committed with Mia’s entry), opens it in the viewer, and never serves repository HTML as HTML', async () => {
    await page.setInputFiles('#attach', { name: '../plan (v2).txt', mimeType: 'text/plain', buffer: Buffer.from('step 1: render\nstep 2: review\n') });
    await page.fill('#message', 'here is the plan');
    await page.click('#send');
    const posted = entry('here is the plan');
    await posted.waitFor();
    const link = posted.locator('a[data-shared]');
    expect(await link.textContent()).toBe('plan-(v2).txt');
    await expect.poll(() => posted.locator('.stage').textContent(), { timeout: 20_000 }).toBe('pushed');
    const day = new Date().toISOString().slice(0, 10);
    const files = await git(room.team.box.bare, ['log', '-1', '--format=%an', '--name-only', 'main', '--', `shared/attachments/${day}/plan-(v2).txt`], room.team.box.env);
    expect(files).toContain('Mia 🌸');
    await link.click();
    await expect.poll(() => page.textContent('#viewer-text')).toBe('step 1: render\nstep 2: review\n');
    await page.click('#viewer-close');

    await mkdir(join(room.team.dirs.aria!, 'shared'), { recursive: true });
    await writeFile(join(room.team.dirs.aria!, 'shared', 'evil.html'), '<script>alert(1)</script>');
    await symlink('/etc/passwd', join(room.team.dirs.aria!, 'shared', 'passwd'));
    const cookie = await sessionCookie();
    const get = (path: string) => rawGet(path, { host: `127.0.0.1:${room.port}`, cookie });
    const html = await get('/files/raw?path=shared/evil.html');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/files/raw?path=shared/passwd')).status).toBe(404);
    expect((await get('/files/raw?path=shared/../AGENTS.md')).status).toBe(404);
    expect((await get('/files/raw?path=shared%2F..%2F.git%2Fconfig')).status).toBe(404);
    expect((await get('/api/file?path=/etc/passwd')).status).toBe(404);
  });

  it('lists members (last entry, last wake), the task board and shared files; searches the history', async () => {
    await page.click('#tab-members');
    const hkh = page.locator('.member[data-id="hkh"]');
    await expect.poll(() => hkh.locator('.last-wake').textContent()).toMatch(/^reachable: woken/);
    expect(await page.locator('.member[data-id="mia"] .last-wake').textContent()).toBe('never woken (a person)');
    await runOis(['task', 'request', '--to', 'hkh', '--type', 'render', 'Render batch-002'], room.team.dirs.hkh!, room.team.env('hkh'));
    await entry('Render batch-002').waitFor({ timeout: 20_000 });
    await page.click('#tab-tasks');
    await page.locator('#tasks-list .task', { hasText: 'render: Render batch-002' }).waitFor();
    await page.click('#tab-files');
    await page.locator('#files-list a', { hasText: 'plan-(v2).txt' }).waitFor();
    await page.fill('#search', 'rendering from:hkh');
    await page.locator('#search-list article', { hasText: 'batch-001 is rendering' }).waitFor();
    expect(await page.locator('#search-list article').count()).toBe(1);
    if (process.env.OIS_WEB_SCREENSHOTS) await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'images', 'web-search.png') });
    await page.click('#search-list .jump');
    await expect.poll(() => page.locator('article.entry.found').count()).toBe(1);
    await page.click('#latest');
    await page.fill('#search', '');
    await page.click('#tab-members');
    if (process.env.OIS_WEB_SCREENSHOTS) await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'images', 'web-room.png') });
  });
});

async function readDir(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir(dir);
  return Promise.all(names.sort().map(async (n) => `${n}:${(await readFile(join(dir, n), 'utf8')).length}`));
}
