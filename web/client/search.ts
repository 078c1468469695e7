import { getJson, type EntryView } from './api.js';
import { byId, el } from './dom.js';
import { renderEntry } from './entry.js';

/** Search across the whole history (on the server): newest first, 50 at a time. */
export class Search {
  private readonly box = byId<HTMLInputElement>('search');
  private readonly panel = byId('search-results');
  private readonly list = byId('search-list');
  private readonly more = byId<HTMLButtonElement>('search-more');
  private next: number | null = null;
  private query = '';
  private timer: number | undefined;

  constructor(private readonly show: (key: string) => void) {
    this.box.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.run(this.box.value, false), 250);
    });
    this.more.addEventListener('click', () => void this.run(this.query, true));
    byId('search-close').addEventListener('click', () => {
      this.box.value = '';
      this.panel.hidden = true;
    });
  }

  private async run(text: string, more: boolean): Promise<void> {
    if (text.trim() === '') {
      this.panel.hidden = true;
      return;
    }
    this.query = text;
    const result = await getJson<{ entries: EntryView[]; more: number | null }>('/api/search', { q: text, before: more ? (this.next ?? undefined) : undefined, limit: 50 });
    if (text !== this.query) return;
    if (!more) this.list.replaceChildren();
    for (const view of result.entries) {
      const node = renderEntry(view);
      const jump = el('button', { type: 'button', class: 'jump' }, `show in the chat (${view.day})`);
      jump.addEventListener('click', () => {
        this.panel.hidden = true;
        this.show(view.key);
      });
      node.querySelector('header')?.append(jump);
      this.list.append(node);
    }
    if (!more && result.entries.length === 0) this.list.append(el('p', { class: 'empty' }, 'Nothing found.'));
    this.next = result.more;
    this.more.hidden = result.more === null;
    this.panel.hidden = false;
  }
}
