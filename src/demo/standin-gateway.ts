import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a stand-in received: one wake for its agent. */
export interface StandinWake {
  at: number;
  sessionKey: string;
  message: string;
}

export interface StandinGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * A stand-in for an agent's OpenClaw Gateway, for the demo: on 127.0.0.1, it answers
 * `POST /tools/invoke` with `sessions_send` as a real Gateway does when the tool is allowed
 * (200, `details.status: "accepted"`), checks the bearer token, and reports each wake.
 */
export async function startStandinGateway(token: string, onWake: (wake: StandinWake) => void): Promise<StandinGateway> {
  const server = createServer((request, response) => void handle(request, response, token, onWake));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, token: string, onWake: (wake: StandinWake) => void): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const send = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.method !== 'POST' || request.url !== '/tools/invoke') return send(404, { ok: false, error: { type: 'not_found', message: 'Not found' } });
  if (request.headers.authorization !== `Bearer ${token}`) return send(401, { error: { message: 'Unauthorized', type: 'unauthorized' } });
  let body: { tool?: string; args?: { sessionKey?: string; message?: string } };
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
  } catch {
    return send(400, { error: { message: 'Invalid JSON', type: 'invalid_request_error' } });
  }
  if (body.tool !== 'sessions_send') return send(404, { ok: false, error: { type: 'not_found', message: `Tool not available: ${body.tool}` } });
  const sessionKey = body.args?.sessionKey ?? '';
  onWake({ at: Date.now(), sessionKey, message: body.args?.message ?? '' });
  const details = { runId: `demo-${Date.now()}`, status: 'accepted', sessionKey, targetDisposition: 'queued', delivery: { status: 'pending', mode: 'announce' } };
  send(200, { ok: true, result: { content: [{ type: 'text', text: JSON.stringify(details) }], details } });
}
