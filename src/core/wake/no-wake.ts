/**
 * The OIS spec's `[AUTO]` marker: an entry written by a program, or written on purpose without waking
 * anyone (`ois say --no-wake`). Such an entry is synced, shown and searched like any other; it only
 * wakes nobody, whatever it mentions.
 */
export const NO_WAKE_MARKER = '[AUTO]';

const MARKER = /\[auto\]/i;

/**
 * Whether an entry body carries the `[AUTO]` marker (anywhere, any case), so that it wakes nobody.
 *
 * @example isNoWake('[AUTO] thanks @bob') // true
 * @example isNoWake('### 📊 Status Update [auto]') // true
 * @example isNoWake('@bob automatic builds are green') // false
 */
export function isNoWake(body: string): boolean {
  return MARKER.test(body);
}

/**
 * A body marked so that it wakes nobody: `[AUTO] ` before its first line, unless it is marked already.
 *
 * @example markNoWake('thanks @bob') // '[AUTO] thanks @bob'
 * @example markNoWake('[AUTO] done') // '[AUTO] done'
 */
export function markNoWake(body: string): string {
  return isNoWake(body) ? body : `${NO_WAKE_MARKER} ${body.replace(/^\s+/, '')}`;
}
