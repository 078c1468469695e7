import type { EntryView } from './api.js';
import { byId, setSanitizedHtml } from './dom.js';

/**
 * Browser notifications for entries that mention the room's person, once they allowed it (the
 * button asks; the page never asks by itself). Only for entries that arrive live, while the page is
 * in the background (hidden, or without focus).
 */
export function setUpNotifications(enabled: boolean): (view: EntryView) => void {
  const button = byId<HTMLButtonElement>('notify');
  if (!enabled || typeof Notification === 'undefined') {
    button.hidden = true;
    return () => undefined;
  }
  const label = (): void => {
    button.textContent = Notification.permission === 'granted' ? '🔔 on' : Notification.permission === 'denied' ? '🔕 blocked' : '🔔 notify me';
    button.disabled = Notification.permission !== 'default';
  };
  label();
  button.addEventListener('click', () => void Notification.requestPermission().then(label));
  return (view) => {
    if (!view.mentionsMe || Notification.permission !== 'granted' || (document.visibilityState === 'visible' && document.hasFocus())) return;
    // The body's text, from its sanitized HTML (a template's content is inert: nothing loads or runs).
    const template = document.createElement('template');
    setSanitizedHtml(template, view.html);
    const text = (template.content.textContent ?? '').trim().slice(0, 180);
    new Notification(`${view.name} mentioned you`, { body: text, tag: view.key });
  };
}
