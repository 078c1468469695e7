import {
  AGENT_STATUSES,
  ALERT_LEVELS,
  COMPLETE_STATUSES,
  MARKERS,
  PRIORITIES,
  type FieldValue,
  type Marker,
  type StructuredKind,
  type StructuredMessage,
  type StructuredProblem,
} from './types.js';

/**
 * The header line: optional heading hashes, emoji, bold and brackets around the shape's name, then
 * anything (markers, mentions). `**Task Request** [PENDING] @hkh`, `**[TASK REQUEST]** @HKH`,
 * `### 📋 Task Request`, `Task Complete: @aria` all match.
 */
const HEADER =
  /^\s{0,3}(#{1,6}\s+)?([\p{Extended_Pictographic}\uFE0F\s]*)(\*\*|__)?\s*(\[)?\s*[\p{Extended_Pictographic}\uFE0F\s]*(task[ _-]?request|task[ _-]?complete(?:d)?|task[ _-]?completion|task[ _-]?fail(?:ed|ure)?|status[ _-]?update|alert)\s*\]?\s*(?:\*\*|__)?\s*(:)?\s*(?:\*\*|__)?(.*)$/iu;

/** A field line: `- Key: value`, `- **Key**: value`, `**Key:** value`, `Key: value` (bullet optional). */
const FIELD = /^\s{0,3}(?:[-*+]\s+)?(\*\*|__)?([A-Za-z][A-Za-z ._-]{0,30}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s?(.*)$/;

const KIND: Record<string, StructuredKind> = {
  taskrequest: 'task-request',
  taskcomplete: 'task-complete',
  taskcompleted: 'task-complete',
  taskcompletion: 'task-complete',
  taskfailed: 'task-failed',
  taskfailure: 'task-failed',
  taskfail: 'task-failed',
  statusupdate: 'status-update',
  alert: 'alert',
};

/** Accepted spellings of each field (lower-case, without spaces, `_`, `-`, `.`), by canonical name. */
const ALIASES: Record<string, string> = {
  requestid: 'RequestID', reqid: 'RequestID', request: 'RequestID', taskid: 'RequestID', id: 'RequestID',
  type: 'Type', tasktype: 'Type',
  description: 'Description', desc: 'Description', task: 'Description',
  priority: 'Priority',
  deadline: 'Deadline', due: 'Deadline', dueby: 'Deadline',
  data: 'Data', input: 'Data', inputs: 'Data',
  callback: 'Callback', replyto: 'Callback',
  to: 'To', assignee: 'To', assignedto: 'To', from: 'From', requester: 'From',
  status: 'Status', state: 'Status',
  duration: 'Duration', elapsed: 'Duration', took: 'Duration',
  output: 'Output', outputs: 'Output', result: 'Output', results: 'Output',
  summary: 'Summary',
  reason: 'Reason', cause: 'Reason', failurereason: 'Reason',
  partialoutput: 'PartialOutput', partial: 'PartialOutput', partialoutputs: 'PartialOutput', partialresult: 'PartialOutput', partialresults: 'PartialOutput',
  suggestion: 'Suggestion', suggestions: 'Suggestion', suggested: 'Suggestion', nextstep: 'Suggestion', nextsteps: 'Suggestion',
  errors: 'Errors', error: 'Errors',
  agent: 'Agent',
  currenttask: 'CurrentTask', current: 'CurrentTask', working: 'CurrentTask', workingon: 'CurrentTask',
  level: 'Level', severity: 'Level',
  source: 'Source',
  message: 'Message', msg: 'Message',
  action: 'Action', actionrequired: 'Action',
};

/**
 * Recognises a structured entry (Task Request, Task Complete, Task Failed, Status Update, Alert) in an entry body,
 * or returns undefined for a plain message. Tolerant of hand-written variants: bold or not, bullets
 * or not, any key case (`RequestID`, `Request ID`, `request_id`). Values that are not one of the
 * spec's words (a priority `asap`) are kept as written and reported in `problems`.
 *
 * @example
 * parseStructured('**Task Request** [PENDING] @hkh\n\n- RequestID: req-1\n- Priority: high\n- Description: Render batch-001')
 * // { kind: 'task-request', markers: ['PENDING'], fields: { RequestID: { value: 'req-1', … }, … }, … }
 */
export function parseStructured(body: string): StructuredMessage | undefined {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return undefined;
  const header = lines[first] ?? '';
  const match = HEADER.exec(header);
  const kind = match ? KIND[(match[5] ?? '').toLowerCase().replace(/[ _-]/g, '')] : undefined;
  if (!match || kind === undefined) return undefined;
  // A plain sentence may start with these words ("Alert everyone that…"): without decoration (heading,
  // emoji, bold, brackets, a colon) the name must stand alone or be followed by markers or mentions.
  const rest = (match[7] ?? '').trim();
  const decorated = match.slice(1, 5).some((g) => g !== undefined && g.trim() !== '') || match[6] !== undefined;
  if (!decorated && rest !== '' && !/^[[@(\u2014\u2013-]/.test(rest)) return undefined;
  const fields: Partial<Record<string, FieldValue>> = {};
  const prose: string[] = [];
  let last: FieldValue | undefined;
  let fence = false;
  lines.forEach((line, index) => {
    if (index <= first) return;
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const continued = last !== undefined && /^\s{2,}\S/.test(line);
    const field = fence || continued ? undefined : FIELD.exec(line);
    const name = field ? ALIASES[(field[2] ?? '').toLowerCase().replace(/[ ._-]/g, '')] : undefined;
    if (field && name !== undefined && fields[name] === undefined) {
      const raw = field[3] ?? '';
      const column = line.length - raw.length + 1;
      last = { value: cleanValue(raw), line: index + 1, column };
      fields[name] = last;
    } else if (last && continued && !fence) {
      last.value = `${last.value}\n${line.trim()}`; // an indented continuation of a multi-line value
    } else {
      last = undefined;
      prose.push(line);
    }
  });
  const message: StructuredMessage = {
    kind,
    header,
    markers: findMarkers(body),
    fields,
    prose: prose.join('\n').replace(/^\s+|\s+$/g, ''),
    problems: [],
  };
  message.problems = checkFields(message);
  return message;
}

/** The spec's markers found anywhere in the text (`[PENDING]`, `[ACTION REQUIRED]`, `[AUTO]`, `[REDACTED]`), once each. */
export function findMarkers(text: string): Marker[] {
  return MARKERS.filter((marker) => new RegExp(`\\[${marker.replace(' ', '[ _-]')}\\]`, 'i').test(text));
}

function cleanValue(raw: string): string {
  let value = raw.trim().replace(/^(\*\*|__)(.*)\1$/, '$2').trim();
  if (/^`[^`]*`$/.test(value)) value = value.slice(1, -1);
  return value;
}

const CHECKS: Record<StructuredKind, ReadonlyArray<readonly [field: string, words: readonly string[], code: StructuredProblem['code'], what: string]>> = {
  'task-request': [['Priority', PRIORITIES, 'unknown-priority', 'priority']],
  'task-complete': [['Status', COMPLETE_STATUSES, 'unknown-status', 'task status']],
  'task-failed': [],
  'status-update': [['Status', AGENT_STATUSES, 'unknown-status', 'agent status']],
  alert: [['Level', ALERT_LEVELS, 'unknown-level', 'alert level']],
};

function checkFields(message: StructuredMessage): StructuredProblem[] {
  const problems: StructuredProblem[] = [];
  for (const [name, words, code, what] of CHECKS[message.kind]) {
    const field = message.fields[name];
    if (field && normaliseWord(field.value, words) === undefined) {
      problems.push({ code, message: `unknown ${what} "${field.value}" (expected ${words.join(', ')})`, line: field.line, column: field.column });
    }
  }
  if ((message.kind === 'task-complete' || message.kind === 'task-failed') && !message.fields.RequestID) {
    const shape = message.kind === 'task-complete' ? 'Task Complete' : 'Task Failed';
    problems.push({ code: 'missing-request-id', message: `a ${shape} names the RequestID it answers`, line: 1, column: 1 });
  }
  const deadline = message.fields.Deadline;
  if (message.kind === 'task-request' && deadline && Number.isNaN(parseInstant(deadline.value))) {
    problems.push({ code: 'bad-deadline', message: `deadline "${deadline.value}" is not an ISO date or date-time`, line: deadline.line, column: deadline.column });
  }
  return problems;
}

/**
 * One of the spec's words, read leniently (case, surrounding markers, an emoji): `**High**` → `high`.
 *
 * @example normaliseWord('High 🔥', PRIORITIES) // 'high'
 */
export function normaliseWord<T extends string>(value: string, words: readonly T[]): T | undefined {
  const word = value.toLowerCase().replace(/[^a-z ]/g, ' ').trim().split(/\s+/)[0] ?? '';
  return words.find((w) => w === word);
}

/**
 * A deadline or time as written by hand: ISO date-time (UTC when no zone), or a date (its end, UTC).
 * NaN when unreadable.
 *
 * @example parseInstant('2026-11-23 18:00') // Date.parse('2026-11-23T18:00:00Z')
 */
export function parseInstant(value: string): number {
  const text = value.trim().replace(/^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})/, '$1T$2').replace(/\s*UTC$/i, 'Z');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(`${text}T23:59:59.999Z`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}/.test(text)) return Number.NaN;
  const padded = text.replace(/T(\d):/, 'T0$1:');
  return Date.parse(/(?:Z|[+-]\d{2}:?\d{2})$/i.test(padded) ? padded : `${padded}Z`);
}
