import { getJson } from './api.js';
import { ago, byId, el } from './dom.js';

interface MemberView {
  id: string;
  name: string;
  role: string | null;
  kind: 'agent' | 'human';
  registryStatus: string | null;
  lastStatus: { status: string; currentTask: string | null; at: string } | null;
  lastEntryAt: string | null;
  lastWake: { status: 'delivered' | 'failed' | 'held'; outcome: string | null; at: string; by: string } | null;
}

interface Task {
  requestId: string | null;
  from: string | null;
  to: string | null;
  type: string | null;
  description: string;
  priority: string | null;
  deadline: string | null;
  state: string;
  age: number | null;
  duration: number | null;
}

interface SharedFile {
  path: string;
  size: number;
  modified: string;
}

/** The members: name, role, last Status Update, last entry, last wake (reachable or not). */
export function renderMembers(members: readonly MemberView[], me: string | undefined): void {
  byId('members').replaceChildren(
    ...members.map((m) => {
      const wake = m.lastWake;
      return el(
        'li',
        { class: `member ${m.kind}${m.id === me ? ' you' : ''}`, 'data-id': m.id },
        el('div', { class: 'name' }, el('b', {}, m.name), ` @${m.id}`, m.kind === 'human' ? el('span', { class: 'badge human' }, 'human') : null, m.id === me ? el('span', { class: 'badge' }, 'you') : null),
        m.role ? el('div', { class: 'role' }, m.role) : null,
        m.lastStatus
          ? el('div', { class: 'last-status' }, `status: ${m.lastStatus.status}${m.lastStatus.currentTask ? ` — ${m.lastStatus.currentTask}` : ''} (${ago(m.lastStatus.at)})`)
          : m.registryStatus
            ? el('div', { class: 'last-status' }, `status: ${m.registryStatus}`)
            : null,
        el('div', { class: 'last-entry' }, `last entry: ${ago(m.lastEntryAt)}`),
        m.kind === 'agent'
          ? el(
              'div',
              { class: `last-wake ${wake?.status ?? 'unknown'}` },
              wake === null
                ? 'last wake: none known'
                : wake.status === 'delivered'
                  ? `reachable: woken ${ago(wake.at)}`
                  : wake.status === 'held'
                    ? `wakes held by the wake budget ${ago(wake.at)}`
                    : `unreachable: ${wake.outcome ?? 'failed'} ${ago(wake.at)}`,
            )
          : el('div', { class: 'last-wake' }, 'never woken (a person)'),
      );
    }),
  );
}

export async function loadMembers(me: string | undefined): Promise<void> {
  renderMembers(await getJson<MemberView[]>('/api/members'), me);
}

/** The task board (the server runs `ois tasks`' code): open and overdue first. */
export async function loadTasks(): Promise<void> {
  const tasks = await getJson<Task[]>('/api/tasks');
  const order = ['overdue', 'open', 'failed', 'partial', 'done'];
  const sorted = [...tasks].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
  byId('tasks-list').replaceChildren(
    ...(sorted.length === 0
      ? [el('li', { class: 'empty' }, 'No tasks. A Task Request in the chat (ois task request) appears here.')]
      : sorted.map((t) =>
          el(
            'li',
            { class: `task ${t.state}` },
            el('span', { class: `badge state ${t.state}` }, t.state),
            el('b', {}, ` ${t.type ? `${t.type}: ` : ''}${t.description.split('\n')[0] ?? ''}`),
            el('div', { class: 'meta' }, `${t.requestId ?? '(no id)'} · ${t.from ?? '?'} → ${t.to ?? '?'}${t.priority ? ` · ${t.priority}` : ''}${t.deadline ? ` · due ${t.deadline}` : ''}`),
          ),
        )),
  );
}

/** Shared files: a filterable list; a click opens the viewer. */
export async function loadFiles(open: (path: string) => void): Promise<void> {
  const { files, truncated } = await getJson<{ files: SharedFile[]; truncated: boolean }>('/api/files');
  const filter = byId<HTMLInputElement>('files-filter');
  const draw = (): void => {
    const q = filter.value.toLowerCase();
    const shown = files.filter((f) => f.path.toLowerCase().includes(q)).slice(0, 300);
    byId('files-list').replaceChildren(
      ...shown.map((f) => {
        const link = el('a', { href: `/files/view?path=${encodeURIComponent(f.path)}`, 'data-shared': f.path }, f.path.slice('shared/'.length));
        return el('li', {}, link, el('span', { class: 'meta' }, ` ${size(f.size)} · ${ago(f.modified)}`));
      }),
    );
    byId('files-note').textContent = `${files.length}${truncated ? '+' : ''} files${shown.length < files.length ? `, ${shown.length} shown` : ''}`;
  };
  filter.oninput = draw;
  draw();
  void open;
}

/** The file viewer: text as text, raster images as images, anything else to download. */
export async function openFile(path: string): Promise<void> {
  const dialog = byId<HTMLDialogElement>('viewer');
  const raw = `/files/raw?path=${encodeURIComponent(path)}`;
  byId('viewer-path').textContent = path;
  byId<HTMLAnchorElement>('viewer-download').href = `${raw}&download=1`;
  const text = byId('viewer-text');
  const image = byId<HTMLImageElement>('viewer-image');
  text.textContent = 'loading…';
  image.hidden = true;
  if (!dialog.open) dialog.showModal();
  try {
    const file = await getJson<{ path: string; size: number; text: string | null; tooLarge: boolean }>('/api/file', { path });
    if (file.text !== null) {
      text.textContent = file.text;
    } else if (/\.(png|jpe?g|gif|webp|avif)$/i.test(path)) {
      text.textContent = '';
      image.src = raw;
      image.hidden = false;
    } else {
      text.textContent = file.tooLarge ? `${size(file.size)}: too large to show here; download it.` : 'not a text file; download it.';
    }
  } catch (error) {
    text.textContent = `cannot open it: ${(error as Error).message}`;
  }
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
