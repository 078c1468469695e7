/**
 * A repository path under `shared/` from a link or image target written in an entry (`shared/a.md`,
 * `./shared/a.md`, `/shared/a.md`, percent-encoded or not), normalised; undefined for anything else,
 * and for a target that would leave `shared/` (`shared/../AGENTS.md`) or carries a query or scheme.
 *
 * @example sharedPathOf('./shared/results/batch-001.csv') // 'shared/results/batch-001.csv'
 * @example sharedPathOf('shared/../AGENTS.md') // undefined
 */
export function sharedPathOf(target: string): string | undefined {
  let path = target.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//') || /[?#]/.test(path)) return undefined;
  try {
    path = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  path = path.replace(/^\.?\//, '');
  return confinedSharedPath(path);
}

/**
 * A `shared/…` repository path, checked: `/` separators, no empty, `.` or `..` segment, no
 * backslash, NUL or control character. Undefined when it is not one.
 *
 * @example confinedSharedPath('shared/a/b.txt') // 'shared/a/b.txt'
 * @example confinedSharedPath('shared/a/../../x') // undefined
 */
export function confinedSharedPath(path: string): string | undefined {
  if (!path.startsWith('shared/') || path.length > 1024) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return undefined;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return path;
}
