/**
 * What ois records about wakes in git notes (`refs/notes/ois-wakes`), one line per fact, on the commit
 * that carried the entries. Lines are self-contained and order-free, so that two clones' notes merge
 * by union (`git notes merge -s cat_sort_uniq`):
 *
 * ```text
 * ois-wake delivered peer=hkh at=2026-11-23T14:32:06.120Z by=aria
 * ois-wake failed peer=bob at=2026-11-23T14:32:41.003Z by=aria outcome=unreachable
 * ois-wake held peer=bob at=2026-11-23T14:33:02.500Z by=aria until=2026-11-23T14:34:02.500Z
 * ```
 */
export const WAKE_NOTES_REF = 'refs/notes/ois-wakes';

export interface WakeRecord {
  /**
   * `delivered`: the peer's Gateway accepted a wake carrying this commit's entries; `failed`: it did
   * not; `held`: the wake budget held it back, and a digest wake follows by `until`.
   */
  status: 'delivered' | 'failed' | 'held';
  /** Who was (or was not) woken. */
  peer: string;
  /** ISO 8601 UTC. */
  at: string;
  /** Whose ois made the call (the pusher, or the peer itself for a catch-up). */
  by: string;
  /** For `failed`: the outcome kind (`unreachable`, `unauthorized` …). */
  outcome?: string;
  /** For `held`: when the pusher may wake the peer again (ISO 8601 UTC). */
  until?: string;
}

const LINE = /^ois-wake (delivered|failed|held)((?: [a-z]+=\S+)+)\s*$/;
const SAFE = /^[A-Za-z0-9._:+-]+$/;

/**
 * One note line. Values are restricted to safe characters (ids, ISO times, outcome kinds).
 *
 * @example formatWakeRecord({ status: 'delivered', peer: 'hkh', at: '2026-11-23T14:32:06.120Z', by: 'aria' })
 * // 'ois-wake delivered peer=hkh at=2026-11-23T14:32:06.120Z by=aria'
 */
export function formatWakeRecord(record: WakeRecord): string {
  const fields: Array<[string, string | undefined]> = [
    ['peer', record.peer],
    ['at', record.at],
    ['by', record.by],
    ['outcome', record.outcome],
    ['until', record.until],
  ];
  const parts = fields.filter((f): f is [string, string] => f[1] !== undefined).map(([k, v]) => `${k}=${safe(v)}`);
  return `ois-wake ${record.status} ${parts.join(' ')}`;
}

/**
 * The wake records of a note's text; other lines (a human's note, a later format) are ignored.
 *
 * @example parseWakeNote('ois-wake delivered peer=hkh at=2026-11-23T14:32:06.120Z by=aria\nhello')
 * // [{ status: 'delivered', peer: 'hkh', at: '2026-11-23T14:32:06.120Z', by: 'aria' }]
 */
export function parseWakeNote(text: string): WakeRecord[] {
  const records: WakeRecord[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const fields = new Map<string, string>();
    for (const pair of (match[2] ?? '').trim().split(' ')) {
      const eq = pair.indexOf('=');
      fields.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const peer = fields.get('peer');
    const at = fields.get('at');
    if (peer === undefined || at === undefined) continue;
    const status = match[1] === 'delivered' ? 'delivered' : match[1] === 'held' ? 'held' : 'failed';
    const record: WakeRecord = { status, peer: peer.toLowerCase(), at, by: fields.get('by') ?? '' };
    const outcome = fields.get('outcome');
    if (outcome !== undefined) record.outcome = outcome;
    const until = fields.get('until');
    if (until !== undefined) record.until = until;
    records.push(record);
  }
  return records;
}

/**
 * A note's text with `records` added: existing lines kept, duplicates dropped, sorted like
 * `cat_sort_uniq` would, so a local edit and a merge agree.
 *
 * @example addWakeRecords('', [{ status: 'failed', peer: 'bob', at: 't', by: 'aria', outcome: 'unreachable' }])
 * // 'ois-wake failed peer=bob at=t by=aria outcome=unreachable\n'
 */
export function addWakeRecords(note: string, records: readonly WakeRecord[]): string {
  const lines = new Set(note.split(/\r?\n/).filter((line) => line.trim() !== ''));
  for (const record of records) lines.add(formatWakeRecord(record));
  return `${[...lines].sort().join('\n')}\n`;
}

/**
 * What the records say about `peer`: delivered (by anyone), else what its latest record says: failed,
 * or held by the wake budget (a digest is due by `heldUntil`); unknown without records.
 *
 * @example deliveryState([{ status: 'failed', peer: 'hkh', at: 't', by: 'aria' }], 'hkh') // 'failed'
 */
export function deliveryState(records: readonly WakeRecord[], peer: string): 'delivered' | 'failed' | 'held' | 'unknown' {
  const mine = records.filter((record) => record.peer === peer.toLowerCase());
  if (mine.some((record) => record.status === 'delivered')) return 'delivered';
  const latest = mine.reduce<WakeRecord | undefined>((last, record) => (last === undefined || record.at >= last.at ? record : last), undefined);
  return latest === undefined ? 'unknown' : latest.status;
}

/**
 * The latest `until` of the `held` records for `peer`, in ms (undefined when none or unreadable).
 *
 * @example heldUntil([{ status: 'held', peer: 'hkh', at: 't', by: 'aria', until: '2026-11-23T10:01:00.000Z' }], 'hkh') // 1795428060000
 */
export function heldUntil(records: readonly WakeRecord[], peer: string): number | undefined {
  const times = records
    .filter((record) => record.peer === peer.toLowerCase() && record.status === 'held' && record.until !== undefined)
    .map((record) => Date.parse(record.until ?? ''))
    .filter((ms) => !Number.isNaN(ms));
  return times.length === 0 ? undefined : Math.max(...times);
}

function safe(value: string): string {
  return SAFE.test(value) ? value : value.replace(/[^A-Za-z0-9._:+-]/g, '_') || '_';
}

/** What a notes exchange did. */
export interface NotesSyncResult {
  /** `fast-forward`, `merged` (union), or `none` when nothing came in. */
  integrated: 'none' | 'fast-forward' | 'merged';
  /** `pushed`, `up-to-date`, `rejected` (the remote moved: retried next time), or `failed` (with why). */
  push: 'pushed' | 'up-to-date' | 'rejected' | 'failed';
  /** A problem in words (never a secret: URLs are not quoted). */
  problem?: string;
}

/**
 * After a notes exchange: whether notes still wait to be pushed (`dirty`: the push was rejected or
 * failed, retried next time), the problem in words, and whether to log it (only when it changed since
 * `lastProblem`, so that a remote down for an hour is one line, not one a cycle).
 *
 * @example exchangeVerdict({ integrated: 'none', push: 'rejected' }, '') // { dirty: true, problem: 'the remote moved', report: true }
 */
export function exchangeVerdict(result: NotesSyncResult, lastProblem: string): { dirty: boolean; problem: string; report: boolean } {
  const dirty = result.push === 'rejected' || result.push === 'failed';
  if (!dirty) return { dirty, problem: '', report: false };
  const problem = result.push === 'rejected' ? 'the remote moved' : (result.problem ?? '');
  return { dirty, problem, report: problem !== lastProblem };
}

/**
 * How a notes integration goes, from the local and fetched refs' commits and their ancestry: nothing
 * to do, a fast-forward of the local ref, or a union merge.
 *
 * @example integrationStep({ local: undefined, remote: 'r', localHasRemote: false, remoteHasLocal: false }) // 'fast-forward'
 */
export function integrationStep(refs: { local: string | undefined; remote: string | undefined; localHasRemote: boolean; remoteHasLocal: boolean }): 'none' | 'fast-forward' | 'merged' {
  if (refs.remote === undefined || refs.local === refs.remote || (refs.local !== undefined && refs.localHasRemote)) return 'none';
  if (refs.local === undefined || refs.remoteHasLocal) return 'fast-forward';
  return 'merged';
}
