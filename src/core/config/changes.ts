/**
 * The dotted keys whose values differ between two configs (pure): what a reload says changed.
 *
 * @example changedKeys({ wake: { mode: 'none' } }, { wake: { mode: 'mentions' } }) // ['wake.mode']
 */
export function changedKeys(a: unknown, b: unknown, prefix = ''): string[] {
  if (isRecord(a) && isRecord(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((key) => changedKeys(a[key], b[key], prefix ? `${prefix}.${key}` : key));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || 'the config'];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
