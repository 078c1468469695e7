import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, runOis, startOis, type OisProcess } from '../../harness/cli-process.js';
import { cloneWithHuman } from '../helpers/human-team.js';
import type { Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
let aria: string;
let web: OisProcess | undefined;
beforeEach(async () => {
  ({ box, aria } = await cloneWithHuman());
});
afterEach(async () => {
  await web?.stop();
  web = undefined;
  await box.cleanup();
});

/** Opens a session the way the browser does (token → cookie, then the page's CSRF token). */
async function session(url: string): Promise<{ base: string; cookie: string; csrf: string }> {
  const base = new URL(url).origin;
  const entered = await fetch(url, { redirect: 'manual' });
  expect(entered.status).toBe(200);
  const cookie = (entered.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(entered.headers.get('set-cookie')).toMatch(/HttpOnly/i);
  expect(entered.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
  const info = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { csrfToken: string; human: unknown };
  return { base, cookie, csrf: info.csrfToken };
}

describe('ois web (the built CLI)', () => {
  it('refuses --as for an agent (exit 3, the human members named) and a bad --port (exit 2)', async () => {
    const agent = await runOis(['web', '--as', 'aria'], aria, box.env);
    expect(agent.code).toBe(3);
    expect(agent.stderr).toContain('"aria" is not a human member of AGENTS.md');
    expect(agent.stderr).toContain('Human members here: mia');
    expect((await runOis(['web', '--port', 'x'], aria, box.env)).code).toBe(2);
  });

  it('documents itself: --help names the SSH tunnel and the token', async () => {
    const help = await runOis(['web', '--help'], aria, box.env);
    expect(help.stdout).toContain('ssh -L 8765:127.0.0.1:8765');
    expect(help.stdout).toContain('access token');
  });

  it('without a human member it is read-only: a well-formed write from the page is refused (403 NOT_A_HUMAN)', async () => {
    // A small size limit, so that an oversized upload is cheap to send: at most 10 × 1 000 B + 1 MiB.
    const { readFile: read, writeFile: write } = await import('node:fs/promises');
    const config = JSON.parse(await read(join(aria, 'ois.config.json'), 'utf8')) as { limits?: Record<string, number> };
    await write(join(aria, 'ois.config.json'), JSON.stringify({ ...config, limits: { ...config.limits, maxFileBytes: 1000 } }));
    web = startOis(['web', '--port', '0'], aria, box.env);
    await web.waitFor(/read-only/);
    const url = /open (http:\S+)/.exec(web.output())?.[1] ?? '';
    const { base, cookie, csrf } = await session(url);
    const form = new FormData();
    form.set('body', 'hello');
    const res = await fetch(`${base}/api/post`, { method: 'POST', body: form, headers: { cookie, origin: base, 'x-csrf-token': csrf } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_A_HUMAN');
    // An upload past the limit is cut off as it streams in (no Content-Length to trust).
    const huge = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i += 1) controller.enqueue(new Uint8Array(64 * 1024));
        controller.close();
      },
    });
    const big = await fetch(`${base}/api/post`, { method: 'POST', body: huge, duplex: 'half', headers: { cookie, origin: base, 'x-csrf-token': csrf, 'content-type': 'multipart/form-data; boundary=x' } } as RequestInit);
    expect(big.status).toBe(413);
    // The token never reaches the log file.
    const { readFile } = await import('node:fs/promises');
    const log = await readFile(join(aria, '.git', 'ois', 'ois.log'), 'utf8').catch(() => '');
    expect(log).not.toContain(new URL(url).searchParams.get('token') ?? 'none');
    // SIGTERM (Ctrl+C) ends it cleanly, open event streams and all.
    const events = await fetch(`${base}/api/events`, { headers: { cookie } });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    expect(await web.stop('SIGTERM', 15_000)).toBe(0);
  });

  it('--host 0.0.0.0 warns, answers on this machine’s addresses and still refuses any other Host header', async () => {
    web = startOis(['web', '--as', 'mia', '--port', '0', '--host', '0.0.0.0'], aria, box.env);
    await web.waitFor(/warning: listening on 0\.0\.0\.0/);
    const port = /:(\d+)\/\?token/.exec(web.output())?.[1];
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(401); // the locked page: reachable, no token
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `rebound.example:${port}` } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject).end();
    });
    expect(status).toBe(421);
  });

  it('keeps one watcher per clone: follows a running ois watch, takes over when it stops, and is the one ois watch then finds', async () => {
    const watch = startOis(['watch'], aria, box.env);
    try {
      await watch.waitFor(/watching/);
      web = startOis(['web', '--as', 'mia', '--port', '0'], aria, box.env);
      await web.waitFor(/open http/);
      const url = /open (http:\S+)/.exec(web.output())?.[1] ?? '';
      const { base, cookie } = await session(url);
      const state = async () => ((await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { sync: string }).sync;
      await eventually(async () => /the clone's watcher \(pid \d+\) syncs/.test(await state()), 15_000, 'following ois watch');
      expect(await watch.stop()).toBe(0);
      await eventually(async () => (await state()).startsWith('this ois web process syncs'), 20_000, 'taking over');
      const second = await runOis(['watch'], aria, box.env);
      expect(second.code).toBe(7);
      expect(second.stderr).toContain('`ois web` runs one');
    } finally {
      await watch.stop();
    }
  });
});
