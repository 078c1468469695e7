import type { EntryView, WakeRecord } from './api.js';
import { clock, el, setSanitizedHtml } from './dom.js';

const SHAPES: Record<string, string> = {
  'task-request': 'Task Request',
  'task-complete': 'Task Complete',
  'status-update': 'Status Update',
  alert: 'Alert',
};

/** One entry: author, UTC and local time, where it stands, whom it woke, and its (sanitized) body. */
export function renderEntry(view: EntryView): HTMLElement {
  const classes = ['entry', view.authorKind === 'human' ? 'by-human' : '', view.mentionsMe ? 'mentions-me' : ''].filter(Boolean).join(' ');
  const at = view.at === null ? null : new Date(view.at);
  const times = at === null
    ? el('span', { class: 'time' }, view.time)
    : el(
        'span',
        { class: 'time' },
        el('time', { datetime: view.at ?? undefined, title: view.exact ? view.at ?? undefined : `${view.day} ${view.time} UTC (minute from the heading)` }, `${clock(at, true)} UTC`),
        el('span', { class: 'local', title: 'your local time' }, ` · ${clock(at, false)} local`),
      );
  const body = el('div', { class: 'body' });
  setSanitizedHtml(body, view.html);
  return el(
    'article',
    { class: classes, id: `entry-${view.key}`, 'data-key': view.key, 'data-day': view.day },
    el(
      'header',
      {},
      el('span', { class: 'author' }, view.name),
      view.author !== null && view.author !== view.name.toLowerCase() ? el('span', { class: 'author-id' }, `@${view.author}`) : null,
      view.authorKind === 'human' ? el('span', { class: 'badge human' }, 'human') : null,
      times,
      view.shape !== null ? el('span', { class: `badge shape ${view.shape}` }, SHAPES[view.shape] ?? view.shape) : null,
      el('span', { class: 'status' }),
    ),
    body,
  );
}

/** Writes where an entry stands into its header: written / committed / pushed, and whom its commit woke. */
export function renderStatus(node: Element, stage: EntryView['stage'] | null, woken: readonly WakeRecord[]): void {
  const holder = node.querySelector('.status');
  if (holder === null) return;
  const parts: Node[] = [];
  if (stage) parts.push(el('span', { class: `stage stage-${stage}`, title: STAGE_TITLES[stage] }, stage));
  const latest = new Map<string, WakeRecord>();
  for (const record of woken) {
    const seen = latest.get(record.peer);
    if (seen === undefined || (seen.status !== 'delivered' && (record.status === 'delivered' || record.at > seen.at))) latest.set(record.peer, record);
  }
  for (const record of latest.values()) {
    const ok = record.status === 'delivered';
    parts.push(
      el(
        'span',
        { class: `woken ${ok ? 'delivered' : 'failed'}`, title: `${ok ? 'woken' : 'not woken'} by ${record.by} at ${record.at}${record.outcome ? ` (${record.outcome})` : ''}` },
        `${ok ? '✓' : '✗'} ${record.peer}${ok ? '' : ` (${record.outcome ?? 'failed'})`}`,
      ),
    );
  }
  holder.replaceChildren(...parts);
}

const STAGE_TITLES: Record<string, string> = {
  written: 'in the chat file; not committed yet',
  committed: 'in a local commit; not on the remote yet',
  pushed: 'on the remote: the team has it',
};
