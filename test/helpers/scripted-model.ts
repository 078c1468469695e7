/**
 * A scripted OpenAI-compatible model server on 127.0.0.1 for real OpenClaw Gateways (provider
 * `api: "openai-completions"`, streamed chat completions). It plays an agent that follows the ois
 * skill: when a turn's input carries an ois wake, it reads the skill file OpenClaw lists in the
 * system prompt (`read`), takes the command the skill teaches (`cd CLONE && ois …`), and answers with
 * OpenClaw's `exec` tool running `ois say '…'`; or it answers nothing, as the skill asks for messages
 * that need no answer. Whom to answer and what to say is the test's `answer` function.
 *
 * One server serves several Gateways: each agent's provider points at `<url>/<agent>/v1`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';

/** One entry of a wake as the model read it. */
export interface WakeEntryRead {
  /** The author's ois id, from `(@id)` in the entry's heading line. */
  from: string;
  heading: string;
  body: string;
}

/** One agent turn that carried an ois wake, and what the model did with it. */
export interface ScriptedTurn {
  agent: string;
  /** The wake text as OpenClaw passed it to the model (JSON escapes undone). */
  wake: string;
  entries: WakeEntryRead[];
  /** Whether the ois skill was listed in the system prompt (eligible and visible to the model). */
  skillListed: boolean;
  /** The skill text the model read, when it did. */
  skill?: string;
  /** The answer the test chose (undefined: no answer needed). */
  answer?: string;
  /** The exec command the model ran, and what exec returned. */
  command?: string;
  execOutput?: string;
  done: boolean;
}

export type AnswerFn = (agent: string, entries: readonly WakeEntryRead[]) => string | undefined;

export interface ScriptedModel {
  readonly url: string;
  /** The base URL an agent's provider uses. */
  baseUrl(agent: string): string;
  readonly turns: ScriptedTurn[];
  /** Every chat completion request, by agent. */
  readonly requests: Record<string, number>;
  setAnswer(answer: AnswerFn): void;
  close(): Promise<void>;
}

interface Message {
  role: string;
  content?: unknown;
  tool_calls?: Array<{ function?: { name?: string } }>;
}

export async function startScriptedModel(answer: AnswerFn): Promise<ScriptedModel> {
  let decide = answer;
  const turns: ScriptedTurn[] = [];
  const requests: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += (chunk as Buffer).toString('utf8');
    const agent = /^\/([^/]+)\//.exec(req.url ?? '')?.[1] ?? '?';
    if ((req.url ?? '').endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted', object: 'model' }] }));
      return;
    }
    requests[agent] = (requests[agent] ?? 0) + 1;
    const json = JSON.parse(body || '{}') as { messages?: Message[]; stream?: boolean };
    // For debugging a turn by hand: every request body, one file each.
    if (process.env.OIS_SCRIPTED_MODEL_DUMP) await writeFile(join(process.env.OIS_SCRIPTED_MODEL_DUMP, `${agent}-${String(requests[agent]).padStart(3, '0')}.json`), body).catch(() => undefined);
    const reply = step(agent, json.messages ?? []);
    respond(res, reply, json.stream !== false);
  }

  /** What the model does next in this turn: a tool call, or a final text. */
  function step(agent: string, messages: Message[]): Reply {
    const { input, steps } = currentTurn(messages);
    if (!/\[ois\]/.test(input)) return { text: 'NO_REPLY' };
    const toolResults = steps.filter((m) => m.role === 'tool');
    const calls = steps.filter((m) => m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0);
    const system = text(messages[0]?.content);
    const location = /<name>ois<\/name>[\s\S]*?<location>([^<]+)<\/location>/.exec(system)?.[1];
    if (calls.length === 0) {
      const turn: ScriptedTurn = { agent, wake: input, entries: readWake(input), skillListed: location !== undefined, done: false };
      turns.push(turn);
      if (location === undefined) return finish(turn, 'NO_REPLY');
      return { tool: 'read', args: { path: location } };
    }
    const turn = [...turns].reverse().find((t) => t.agent === agent && !t.done);
    if (turn === undefined) return { text: 'NO_REPLY' };
    if (calls.length === 1) {
      turn.skill = text(toolResults.at(-1)?.content);
      const prefix = /`(cd \S.*? && )ois …`/.exec(turn.skill)?.[1];
      const said = decide(agent, turn.entries);
      if (said === undefined || prefix === undefined || !turn.skill.includes('ois say')) return finish(turn, 'NO_REPLY');
      turn.answer = said;
      turn.command = `${prefix}ois say '${said.replace(/'/g, `'\\''`)}'`;
      return { tool: 'exec', args: { command: turn.command, timeoutSeconds: 60 } };
    }
    turn.execOutput = text(toolResults.at(-1)?.content);
    return finish(turn, 'Answered the team.');
  }

  return {
    url,
    baseUrl: (agent) => `${url}/${agent}/v1`,
    turns,
    requests,
    setAnswer: (next) => {
      decide = next;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

type Reply = { text: string } | { tool: string; args: Record<string, unknown> };

function finish(turn: ScriptedTurn, reply: string): Reply {
  turn.done = true;
  return { text: reply };
}

/**
 * The turn in progress: its input (the user messages that started it, and OpenClaw's internal-context
 * message, which it moves to the end of every request and which carries hooks wakes), and the
 * assistant and tool messages of this turn so far. OpenClaw leaves silent `NO_REPLY` answers out of
 * the history, so earlier turns' tool calls stay in it: the turn is found from the end.
 */
function currentTurn(messages: Message[]): { input: string; steps: Message[] } {
  let end = messages.length;
  while (end > 0 && messages[end - 1]?.role === 'user') end -= 1;
  const tail = messages.slice(end);
  if (tail.some((m) => !internal(m))) return { input: unescape(tail.map((m) => text(m.content)).join('\n')), steps: [] };
  let start = end;
  while (start > 0 && messages[start - 1]?.role !== 'user') start -= 1;
  let head = start;
  while (head > 0 && messages[head - 1]?.role === 'user') head -= 1;
  const input = [...messages.slice(head, start), ...tail].map((m) => text(m.content)).join('\n');
  return { input: unescape(input), steps: messages.slice(start, end) };
}

function internal(message: Message): boolean {
  return text(message.content).trimStart().startsWith('<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>');
}

/**
 * Entries of an ois wake, read as a model would read the framing (src/core/wake/frame.ts): inside the
 * delimited block, a quoted heading `> ## … (@id)`, then its body lines quoted twice (`> > …`).
 */
function readWake(wake: string): WakeEntryRead[] {
  const entries: WakeEntryRead[] = [];
  let current: WakeEntryRead | undefined;
  let inside = false;
  // A hooks wake is a system event: OpenClaw shows each of its lines as `System: …`.
  for (const line of wake.split('\n').map((l) => l.replace(/^System: ?/, ''))) {
    if (/^<<< ois-team-messages \S+ >>>$/.test(line)) inside = true;
    else if (/^<<< end ois-team-messages \S+ >>>$/.test(line)) inside = false;
    if (!inside) {
      current = undefined;
      continue;
    }
    const heading = /^> #+ .*\(@([a-z0-9][a-z0-9-]*)\)\s*$/.exec(line);
    if (heading) {
      current = { from: heading[1] ?? '', heading: line.slice(2), body: '' };
      entries.push(current);
      continue;
    }
    const body = /^> >(?: (.*))?$/.exec(line);
    if (current && body) current.body = current.body === '' ? (body[1] ?? '') : `${current.body}\n${body[1] ?? ''}`;
    else current = undefined;
  }
  return entries.map((e) => ({ ...e, body: e.body.trim() }));
}

/** OpenClaw passes system events inside JSON strings: undo `\n` and `\"`. */
function unescape(input: string): string {
  return input.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
}

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('\n');
  return '';
}

let calls = 0;

function respond(res: ServerResponse, reply: Reply, stream: boolean): void {
  calls += 1;
  const id = `chatcmpl-${calls}`;
  const message =
    'text' in reply
      ? { role: 'assistant', content: reply.text }
      : { role: 'assistant', content: null, tool_calls: [{ index: 0, id: `call_${calls}`, type: 'function', function: { name: reply.tool, arguments: JSON.stringify(reply.args) } }] };
  const finish = 'text' in reply ? 'stop' : 'tool_calls';
  const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, object: 'chat.completion', created: 0, model: 'scripted', choices: [{ index: 0, message, finish_reason: finish }], usage }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: unknown, finishReason: string | null): void => {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`);
  };
  chunk(message, null);
  chunk({}, finish);
  res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [], usage })}\n\n`);
  res.end('data: [DONE]\n\n');
}
