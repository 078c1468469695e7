/**
 * A small gitignore-style matcher for the team's `ignore` list: `*` and `?` within a path segment,
 * `**` across segments, a leading `/` anchors at the top, a trailing `/` matches a folder and all below,
 * and a pattern without `/` matches a name at any depth.
 *
 * @example matchesGlob('shared/tmp/a.bin', 'tmp/') // true
 */
export function matchesGlob(path: string, pattern: string): boolean {
  return globToRegExp(pattern).test(path);
}

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let body = pattern.trim();
  const dirOnly = body.endsWith('/');
  if (dirOnly) body = body.slice(0, -1);
  const anchored = body.startsWith('/') || body.slice(0, -1).includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  let source = '';
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i] ?? '';
    if (ch === '*' && body[i + 1] === '*') {
      source += '.*';
      i += body[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  const regex = new RegExp(`${prefix}${source}${dirOnly ? '/.*' : '(?:/.*)?'}$`);
  cache.set(pattern, regex);
  return regex;
}
