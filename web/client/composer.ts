import { ApiError, post, type Member } from './api.js';
import { byId, el } from './dom.js';

interface Completion {
  insert: string;
  label: string;
  detail: string;
}

/**
 * The composer: posts as the room's person (through `ois say`'s code on the server), with `@`
 * completion from the registry (`@all` and `@所有人` too) and files attached under shared/.
 */
export class Composer {
  private readonly form = byId<HTMLFormElement>('composer');
  private readonly text = byId<HTMLTextAreaElement>('message');
  private readonly files = byId<HTMLInputElement>('attach');
  private readonly list = byId('completions');
  private readonly status = byId('post-status');
  private members: Member[] = [];
  private choices: Completion[] = [];
  private selected = 0;

  constructor(enabled: boolean, readOnlyReason: string) {
    if (!enabled) {
      this.text.disabled = true;
      this.files.disabled = true;
      this.text.placeholder = readOnlyReason;
      byId<HTMLButtonElement>('send').disabled = true;
      return;
    }
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.text.addEventListener('input', () => this.complete());
    this.text.addEventListener('keydown', (event) => this.key(event));
    this.files.addEventListener('change', () => {
      const names = [...(this.files.files ?? [])].map((f) => f.name);
      this.status.textContent = names.length > 0 ? `attached: ${names.join(', ')}` : '';
    });
  }

  setMembers(members: readonly Member[]): void {
    this.members = [...members];
  }

  private async send(): Promise<void> {
    const body = this.text.value;
    const files = [...(this.files.files ?? [])];
    if (body.trim() === '' && files.length === 0) return;
    this.status.textContent = 'sending…';
    this.status.className = '';
    try {
      const posted = await post(body, files);
      this.text.value = '';
      this.files.value = '';
      // From here on the entry's own badge says where it stands (committed, pushed, who was woken).
      this.status.textContent = `written to ${posted.file}`;
      window.setTimeout(() => {
        if (this.status.textContent === `written to ${posted.file}`) this.status.textContent = '';
      }, 5_000);
    } catch (error) {
      this.status.className = 'error';
      this.status.textContent = error instanceof ApiError ? `not sent: ${error.message}${error.hint ? ` — ${error.hint}` : ''}` : 'not sent: the room is unreachable';
    }
  }

  /** The `@word` just before the caret, if any. */
  private word(): { start: number; query: string } | undefined {
    const upto = this.text.value.slice(0, this.text.selectionStart);
    const match = /(^|[\s(（,，])@([^\s@]*)$/u.exec(upto);
    if (!match) return undefined;
    return { start: upto.length - (match[2] ?? '').length - 1, query: (match[2] ?? '').toLowerCase() };
  }

  private complete(): void {
    const word = this.word();
    if (word === undefined) return this.close();
    const all: Completion[] = [
      ...this.members.map((m) => ({ insert: `@${m.id}`, label: `@${m.id}`, detail: `${m.name}${m.kind === 'human' ? ' (human)' : ''}` })),
      { insert: '@all', label: '@all', detail: 'everyone' },
      { insert: '@所有人', label: '@所有人', detail: 'everyone' },
    ];
    this.choices = all.filter((c) => c.label.slice(1).toLowerCase().startsWith(word.query) || c.detail.toLowerCase().startsWith(word.query)).slice(0, 8);
    if (this.choices.length === 0) return this.close();
    this.selected = 0;
    this.draw();
  }

  private draw(): void {
    this.list.replaceChildren(
      ...this.choices.map((choice, i) => {
        const item = el('li', { role: 'option', 'aria-selected': String(i === this.selected), class: i === this.selected ? 'selected' : undefined }, el('b', {}, choice.label), ` ${choice.detail}`);
        item.addEventListener('mousedown', (event) => {
          event.preventDefault();
          this.accept(i);
        });
        return item;
      }),
    );
    this.list.hidden = false;
  }

  private key(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
      return;
    }
    if (this.list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.selected = (this.selected + (event.key === 'ArrowDown' ? 1 : this.choices.length - 1)) % this.choices.length;
      this.draw();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      this.accept(this.selected);
    } else if (event.key === 'Escape') this.close();
  }

  private accept(index: number): void {
    const word = this.word();
    const choice = this.choices[index];
    if (word === undefined || choice === undefined) return this.close();
    const caret = this.text.selectionStart;
    this.text.setRangeText(`${choice.insert} `, word.start, caret, 'end');
    this.close();
    this.text.focus();
  }

  private close(): void {
    this.list.hidden = true;
    this.choices = [];
  }
}
