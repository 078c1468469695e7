import { ApiError, openSession, type EntryView, type Session, type WakeRecord } from './api.js';
import { Chat } from './chat.js';
import { Composer } from './composer.js';
import { byId } from './dom.js';
import { setUpNotifications } from './notify.js';
import { loadFiles, loadMembers, loadTasks, openFile, renderMembers } from './panels.js';
import { Search } from './search.js';

type RoomEvent =
  | { type: 'entries'; added: EntryView[]; changed: EntryView[]; removed: string[] }
  | { type: 'status'; statuses: Record<string, { stage: EntryView['stage'] | null; woken: WakeRecord[] }> }
  | { type: 'members'; members: Parameters<typeof renderMembers>[0] }
  | { type: 'tasks' }
  | { type: 'files' }
  | { type: 'sync'; state: string };

async function start(): Promise<void> {
  let session: Session;
  try {
    session = await openSession();
  } catch (error) {
    byId('connection').textContent = error instanceof ApiError && error.status === 401 ? 'no access: open the URL ois web printed' : 'the room is unreachable';
    return;
  }
  const me = session.human?.id;
  document.title = `${session.team} · ois room`;
  byId('team').textContent = session.team;
  byId('me').textContent = session.human ? `you: ${session.human.name}` : 'read-only';
  byId('sync').textContent = session.sync;
  const notify = setUpNotifications(session.human !== null);
  const chat = new Chat((view, live) => {
    if (live) notify(view);
  });
  const composer = new Composer(session.human !== null, 'Read-only room: restart it with ois web --as ID (a Kind: human member) to post.');
  composer.setMembers(session.members);
  new Search((key) => void chat.showAround(key));
  setUpTabs(me);
  // Links to shared files (in entries and in the files list) open the viewer instead of leaving the room.
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[data-shared]');
    if (!(link instanceof HTMLAnchorElement) || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    void openFile(link.dataset.shared ?? '');
  });
  byId('viewer-close').addEventListener('click', () => byId<HTMLDialogElement>('viewer').close());
  await chat.showLatest();
  const wanted = new URLSearchParams(location.search).get('path');
  if (location.pathname === '/files/view' && wanted) void openFile(wanted);
  void loadMembers(me);
  listen(chat, me);
}

function listen(chat: Chat, me: string | undefined): void {
  const events = new EventSource('/api/events');
  const connection = byId('connection');
  events.addEventListener('hello', () => {
    connection.textContent = 'live';
    connection.className = 'live';
  });
  events.addEventListener('error', () => {
    connection.textContent = 'reconnecting…';
    connection.className = 'down';
    // A restarted room has a new token: this page's session is gone, say so instead of retrying forever.
    void fetch('/api/session', { credentials: 'same-origin' }).then((res) => {
      if (res.status !== 401) return;
      events.close();
      connection.textContent = 'no access: the room restarted; open the URL it printed';
    }, () => undefined);
  });
  events.addEventListener('room', (message) => {
    const event = JSON.parse((message as MessageEvent<string>).data) as RoomEvent;
    if (event.type === 'entries') chat.live(event.added, event.changed, event.removed);
    else if (event.type === 'status') for (const [key, status] of Object.entries(event.statuses)) chat.status(key, status.stage, status.woken);
    else if (event.type === 'members') renderMembers(event.members, me);
    else if (event.type === 'tasks' && !byId('tasks').hidden) void loadTasks();
    else if (event.type === 'files' && !byId('files').hidden) void loadFiles(openFile);
    else if (event.type === 'sync') byId('sync').textContent = event.state;
  });
}

function setUpTabs(me: string | undefined): void {
  const tabs = ['members', 'tasks', 'files'] as const;
  for (const tab of tabs) {
    byId(`tab-${tab}`).addEventListener('click', () => {
      for (const other of tabs) {
        byId(other).hidden = other !== tab;
        byId(`tab-${other}`).setAttribute('aria-selected', String(other === tab));
      }
      if (tab === 'members') void loadMembers(me);
      if (tab === 'tasks') void loadTasks();
      if (tab === 'files') void loadFiles(openFile);
    });
  }
}

void start();
