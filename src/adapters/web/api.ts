import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { OisError } from '../../core/errors.js';
import { isUtf8Text, servedAs } from '../../core/web/file-name.js';
import type { WebBackend } from './backend.js';
import { noStore, type WebEnv } from './security.js';

const VIEW_BYTES = 1024 * 1024;
const SNIFF_BYTES = 8192;
const HEARTBEAT_MS = 15_000;

/** The room's JSON API and its live stream (docs/web.md, "API"). Every route here needs a session. */
export function addApi(app: Hono<WebEnv>, backend: WebBackend, options: { maxUploadBytes: number }): void {
  app.get('/api/session', (c) => json(c, { ...backend.info(), csrfToken: c.get('session').csrf }));
  app.get('/api/entries', async (c) => json(c, await backend.page(number(c.req.query('before')), number(c.req.query('limit')) ?? 100)));
  app.get('/api/entries/around', async (c) => {
    const page = await backend.around(c.req.query('key') ?? '', number(c.req.query('size')) ?? 100);
    return page === undefined ? problem(c, new OisError('NOT_FOUND', 'no such entry')) : json(c, page);
  });
  app.get('/api/search', async (c) => json(c, await backend.search((c.req.query('q') ?? '').slice(0, 500), number(c.req.query('before')), Math.min(number(c.req.query('limit')) ?? 50, 200))));
  app.get('/api/members', async (c) => json(c, await backend.members()));
  app.get('/api/tasks', (c) => json(c, backend.tasks()));
  app.get('/api/files', async (c) => json(c, await backend.files()));
  app.get('/api/file', (c) => guarded(c, async () => {
    const file = await backend.readFile(c.req.query('path') ?? '', VIEW_BYTES);
    const text = isUtf8Text(file.bytes) && !file.truncated ? file.bytes.toString('utf8') : null;
    return json(c, { path: file.path, size: file.size, text, tooLarge: file.truncated });
  }));
  app.get('/files/raw', (c) => guarded(c, async () => {
    const wanted = c.req.query('path') ?? '';
    const head = await backend.readFile(wanted, SNIFF_BYTES);
    const served = servedAs(head.path, isUtf8Text(head.bytes), c.req.query('download') === '1');
    const file = await backend.readFile(wanted, Math.max(head.size, 1));
    const name = head.path.slice(head.path.lastIndexOf('/') + 1);
    noStore(c);
    c.header('content-disposition', `${served.disposition}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': served.contentType });
  }));
  const tooLarge = (c: Context): Response => problem(c, new OisError('USAGE', 'the message and its files are too large', { data: { status: 413 } }));
  // Bounded as it streams in (with or without a Content-Length), before anything is parsed.
  app.post('/api/post', bodyLimit({ maxSize: options.maxUploadBytes, onError: tooLarge }), (c) => guarded(c, async () => {
    const form = await c.req.parseBody({ all: true });
    const body = typeof form.body === 'string' ? form.body : '';
    const files = ([] as unknown[]).concat(form.files ?? []).filter((f): f is File => f instanceof File);
    const attachments = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    return json(c, await backend.post(body, attachments), 201);
  }));
  app.get('/api/events', (c) => {
    noStore(c);
    return streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      const stop = backend.subscribe((event) => {
        queue.push(JSON.stringify(event));
        wake?.();
      });
      stream.onAbort(() => {
        stop();
        wake?.();
      });
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ total: backend.info().total }) });
      while (!stream.aborted) {
        const next = queue.shift();
        if (next !== undefined) {
          await stream.writeSSE({ event: 'room', data: next });
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, HEARTBEAT_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
      }
      stop();
    });
  });
}

function json(c: Context, value: unknown, status: 200 | 201 = 200): Response {
  noStore(c);
  return c.json(value, status);
}

/** Runs a route, answering an OisError as JSON with a fitting status (never a stack trace). */
async function guarded(c: Context, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return problem(c, error);
  }
}

export function problem(c: Context, error: unknown): Response {
  const typed = error instanceof OisError ? error : new OisError('INTERNAL', 'the room could not do that');
  const status = typed.code === 'USAGE' && typed.data.status === 413 ? 413 : typed.code === 'NOT_FOUND' ? 404 : typed.code === 'NOT_A_HUMAN' ? 403 : typed.code === 'INTERNAL' ? 500 : 400;
  noStore(c);
  return c.json({ error: { code: typed.code, message: typed.message, hint: typed.hint ?? null } }, status);
}

function number(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
