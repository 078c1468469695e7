import { getJson, type EntryPage, type EntryView, type WakeRecord } from './api.js';
import { byId, el } from './dom.js';
import { renderEntry, renderStatus } from './entry.js';

/**
 * The chat: entries grouped by UTC day, the newest page first, older pages on demand (the button, or
 * scrolling to the top), new entries live where they belong. Only what was loaded is in the page,
 * so a history of 100 000 entries costs what one page does.
 */
export class Chat {
  private readonly scroller = byId('chat');
  private readonly days = byId('days');
  private readonly olderButton = byId<HTMLButtonElement>('older');
  private older: number | null = null;
  private loading = false;
  /** Showing a window around a search result, not the latest entries. */
  private detached = false;

  constructor(private readonly onEntry: (view: EntryView, live: boolean) => void) {
    this.olderButton.addEventListener('click', () => void this.loadOlder());
    this.scroller.addEventListener('scroll', () => {
      if (this.scroller.scrollTop < 80 && this.older !== null) void this.loadOlder();
    });
    byId('latest').addEventListener('click', () => void this.showLatest());
  }

  async showLatest(): Promise<void> {
    const page = await getJson<EntryPage>('/api/entries', { limit: 100 });
    this.detached = false;
    byId('latest').hidden = true;
    this.reset(page);
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /** Shows the entries around `key` (a search result), highlighted. */
  async showAround(key: string): Promise<void> {
    const page = await getJson<EntryPage>('/api/entries/around', { key, size: 100 });
    this.detached = true;
    byId('latest').hidden = false;
    this.reset(page);
    const node = document.getElementById(`entry-${key}`);
    node?.classList.add('found');
    node?.scrollIntoView({ block: 'center' });
  }

  /** New and changed entries from the live stream. */
  live(added: readonly EntryView[], changed: readonly EntryView[], removed: readonly string[]): void {
    const atBottom = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 120;
    for (const view of changed) document.getElementById(`entry-${view.key}`)?.replaceWith(this.node(view));
    for (const key of removed) document.getElementById(`entry-${key}`)?.remove();
    if (this.detached) return;
    for (const view of added) {
      if (document.getElementById(`entry-${view.key}`)) continue;
      const before = view.prevKey ? document.getElementById(`entry-${view.prevKey}`) : null;
      const node = this.node(view);
      if (before !== null && before.parentElement?.dataset.day === view.day) before.after(node);
      else this.dayOf(view.day, 'end').append(node);
      this.onEntry(view, true);
    }
    if (atBottom) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  status(key: string, stage: EntryView['stage'] | null, woken: readonly WakeRecord[]): void {
    const node = document.getElementById(`entry-${key}`);
    if (node) renderStatus(node, stage, woken);
  }

  private reset(page: EntryPage): void {
    this.days.replaceChildren();
    this.older = page.older;
    this.append(page.entries, 'end');
    this.olderButton.hidden = this.older === null;
    byId('empty').hidden = page.total > 0;
  }

  private async loadOlder(): Promise<void> {
    if (this.loading || this.older === null) return;
    this.loading = true;
    try {
      const page = await getJson<EntryPage>('/api/entries', { before: this.older, limit: 100 });
      const height = this.scroller.scrollHeight;
      this.older = page.older;
      this.append([...page.entries].reverse(), 'start');
      this.olderButton.hidden = this.older === null;
      // Keep the entry the reader was looking at in place.
      this.scroller.scrollTop += this.scroller.scrollHeight - height;
    } finally {
      this.loading = false;
    }
  }

  /** Adds entries in order at the end, or (given newest first) at the start. */
  private append(views: readonly EntryView[], where: 'start' | 'end'): void {
    for (const view of views) {
      const day = this.dayOf(view.day, where);
      const node = this.node(view);
      if (where === 'end') day.append(node);
      else day.querySelector('h2')?.after(node);
      this.onEntry(view, false);
    }
  }

  private node(view: EntryView): HTMLElement {
    const node = renderEntry(view);
    renderStatus(node, view.stage ?? null, view.woken ?? []);
    return node;
  }

  /** The section of a day, created in order when missing. */
  private dayOf(day: string, where: 'start' | 'end'): HTMLElement {
    const found = this.days.querySelector<HTMLElement>(`section[data-day="${day}"]`);
    if (found) return found;
    const section = el('section', { class: 'day', 'data-day': day }, el('h2', {}, day));
    const sections = [...this.days.querySelectorAll<HTMLElement>('section.day')];
    const next = sections.find((s) => (s.dataset.day ?? '') > day);
    if (next) next.before(section);
    else if (where === 'start' && sections[0]) sections[0].before(section);
    else this.days.append(section);
    return section;
  }
}
