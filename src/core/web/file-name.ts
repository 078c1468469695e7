const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/i;
const MAX_NAME = 100;

/**
 * A file name for an attachment that is safe on every system ois runs on: the last path segment of
 * what the browser sent, NFC, letters/digits/marks and `. _ - ( ) +` kept, anything else (path
 * separators, control characters, `<>:"|?*`, spaces) as `-`; no leading dot (hidden files) or dash,
 * no trailing dot; Windows device names prefixed; at most 100 characters, keeping the extension.
 *
 * @example safeFileName('../../etc/passwd') // 'passwd'
 * @example safeFileName('Résumé (final).pdf') // 'Résumé-(final).pdf'
 * @example safeFileName('.env') // 'env'
 */
export function safeFileName(name: string): string {
  const last = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let safe = last
    .replace(/[^\p{L}\p{N}\p{M}._()+-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.\-]+/, '')
    .replace(/[.\-]+$/, '');
  if (RESERVED.test(safe)) safe = `_${safe}`;
  if ([...safe].length > MAX_NAME) {
    const dot = safe.lastIndexOf('.');
    const ext = dot > 0 && safe.length - dot <= 12 ? safe.slice(dot) : '';
    safe = [...safe.slice(0, safe.length - ext.length)].slice(0, MAX_NAME - ext.length).join('') + ext;
  }
  return safe === '' ? 'file' : safe;
}

/**
 * `name`, or `name-2.ext`, `name-3.ext` … : the first that `taken` does not have.
 *
 * @example uniqueName('a.txt', (n) => n === 'a.txt') // 'a-2.txt'
 */
export function uniqueName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n += 1) {
    const candidate = `${stem}-${n}${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

/** How the room serves a shared file: never as HTML, SVG or script; text as text/plain. */
export interface Served {
  contentType: string;
  /** `inline` (shown in the browser) or `attachment` (downloaded). */
  disposition: 'inline' | 'attachment';
}

const IMAGES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif' };

/**
 * The content type a shared file is served with. Repository content is untrusted: an `.html` or
 * `.svg` file served as such would run its scripts with the room's origin, so only raster images
 * are shown inline; text (any UTF-8 file, whatever its name) is `text/plain`; the rest downloads.
 *
 * @example servedAs('shared/page.html', true, false) // { contentType: 'text/plain; charset=utf-8', disposition: 'inline' }
 * @example servedAs('shared/logo.svg', true, true) // { contentType: 'application/octet-stream', disposition: 'attachment' }
 */
export function servedAs(path: string, isText: boolean, download: boolean): Served {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  const image = IMAGES[ext];
  if (download) return { contentType: 'application/octet-stream', disposition: 'attachment' };
  if (image !== undefined) return { contentType: image, disposition: 'inline' };
  if (isText && ext !== 'svg') return { contentType: 'text/plain; charset=utf-8', disposition: 'inline' };
  return { contentType: 'application/octet-stream', disposition: 'attachment' };
}

/**
 * Whether bytes (a whole file or its first bytes) are text to show as such: UTF-8 without NUL.
 *
 * @example isUtf8Text(new TextEncoder().encode('héllo')) // true
 */
export function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    // `stream`: a character cut at the end of a prefix is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}
