/**
 * Building the page. Text always goes in as text (textContent); the only HTML ever inserted is an
 * entry body that the server sanitized, and only through the page's Trusted Types policy (the
 * Content-Security-Policy makes every other HTML insertion fail).
 */

interface TrustedTypePolicy {
  createHTML(input: string): unknown;
}
declare global {
  interface Window {
    trustedTypes?: { createPolicy(name: string, rules: { createHTML(input: string): string }): TrustedTypePolicy };
  }
}

const policy: TrustedTypePolicy = window.trustedTypes?.createPolicy('ois-room', { createHTML: (input) => input }) ?? { createHTML: (input) => input };

type Child = Node | string | null | undefined | false;

/** `el('span', { class: 'x', title: 't' }, 'text', child)`: an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** Puts server-sanitized HTML (an entry body) into `node`. */
export function setSanitizedHtml(node: Element, html: string): void {
  (node as unknown as { innerHTML: unknown }).innerHTML = policy.createHTML(html);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} is missing from the page`);
  return node as T;
}

/** `14:32` for a Date in UTC, or local time. */
export function clock(date: Date, utc: boolean): string {
  return utc
    ? date.toISOString().slice(11, 16)
    : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** "3 min ago", "2 h ago", "5 d ago". */
export function ago(iso: string | null, now = Date.now()): string {
  if (iso === null) return 'never';
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}
