import { OisError } from '../errors.js';
import { parseInstant } from './parse.js';

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/**
 * A `--deadline` value: an ISO date or date-time, or a duration from `now` (`30m`, `2h`, `1d`, `1h30m`).
 * Returns the ISO UTC instant (no milliseconds); throws USAGE when unreadable.
 *
 * @example resolveDeadline('2h', Date.parse('2026-11-23T14:00:00Z')) // '2026-11-23T16:00:00Z'
 */
export function resolveDeadline(value: string, now: number): string {
  const text = value.trim();
  const relative = /^(?:\d+(?:\.\d+)?[wdhms])+$/i.test(text);
  let ms = Number.NaN;
  if (relative) {
    ms = now;
    for (const [, amount, unit] of text.toLowerCase().matchAll(/(\d+(?:\.\d+)?)([wdhms])/g)) ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  } else {
    ms = parseInstant(text);
  }
  if (Number.isNaN(ms)) {
    throw new OisError('USAGE', `--deadline "${value}" is neither an ISO date-time nor a duration`, {
      hint: 'Use e.g. 2026-11-23T18:00Z, 2026-11-24, 30m, 2h, 1d or 1h30m.',
    });
  }
  return isoSeconds(ms);
}

/** An instant as ISO UTC without milliseconds. @example isoSeconds(0) // '1970-01-01T00:00:00Z' */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * A duration for people: the two largest units (`1d 3h`, `2h 15m`, `45s`, `0s`).
 *
 * @example formatDuration(8_100_000) // '2h 15m'
 */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (unit === 's' && parts.length === 0)) parts.push(`${n}${unit}`);
  }
  return parts.slice(0, 2).join(' ');
}
